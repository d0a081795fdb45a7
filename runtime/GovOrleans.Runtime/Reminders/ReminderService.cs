using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Reminders;
using GovOrleans.Runtime.Cluster;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Reminders;

/// <summary>
/// Arms the durable reminders this silo owns and delivers their ticks as grain calls, which activate the grain
/// if needed. The table is the truth: on start, every refresh period and every membership change the silo re-reads
/// the ring ranges it owns (the same ring that places grains), so reminders survive restarts and follow their owner.
/// </summary>
/// <remarks>
/// Every tick is claimed in the table before delivery (<see cref="IReminderTable.TryClaimTickAsync"/>), so a
/// reminder armed on two silos while their views of the membership differ still ticks once. A silo that takes a
/// reminder over (a join, a leave, a kill, a restart) delivers the latest tick that came due while nobody owned it,
/// once; Orleans drops such ticks. Older missed ticks are not replayed: TickStatus tells the grain which tick it is.
/// </remarks>
internal sealed partial class ReminderService(
    IGrainFactory grainFactory,
    TimeProvider time,
    IOptions<ReminderOptions> options,
    ILogger<ReminderService> logger,
    IReminderTable? table = null,
    ClusterMembership? membership = null) : IAsyncDisposable
{
    private readonly Dictionary<(GrainId Grain, string Name), LocalReminder> _armed = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    // Registrations made here while a refresh reads the table: the refresh must not re-arm the row it read before them.
    private readonly Dictionary<(GrainId Grain, string Name), long> _localChanges = [];
    private long _changeCount;
    private ITimer? _refreshTimer;
    private bool _stopped;

    public bool IsEnabled => table is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (table is null)
        {
            return;
        }

        await table.InitAsync(cancellationToken);
        if (membership is not null)
        {
            membership.ViewChanged += OnViewChanged;
        }

        await RefreshAsync();
        var period = options.Value.RefreshReminderListPeriod;
        using (ExecutionContext.SuppressFlow())
        {
            _refreshTimer = time.CreateTimer(static s => _ = ((ReminderService)s!).RefreshSafelyAsync(), this, period, period);
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        var reminderTable = RequireTable();
        ArgumentException.ThrowIfNullOrWhiteSpace(reminderName);
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (period < options.Value.MinimumReminderPeriod)
        {
            throw new ArgumentOutOfRangeException(
                nameof(period), period, $"A reminder period must be at least {options.Value.MinimumReminderPeriod}; use a grain timer for shorter periods.");
        }

        // Whole milliseconds, as every table stores them: silos arming the row from the table and the silo arming it
        // here must compute the same tick times, or a tick claim could not tell one tick from another.
        // Rounded up, never down: a tick must not come before the time the grain asked for (a deadline check at the tick
        // would find the deadline not yet passed and wait a whole period).
        var entry = new ReminderEntry(grainId, reminderName, UpToWholeMilliseconds(time.GetUtcNow() + dueTime), WholeMilliseconds(period), null);
        var etag = await reminderTable.UpsertRowAsync(entry);
        entry = entry with { ETag = etag };
        NoteLocalChange(grainId, reminderName);

        // Normally the grain lives on the silo owning its reminders. When it does not, this silo keeps the reminder
        // until the owner has surely re-read the table; the tick claim keeps the overlap from doubling a tick.
        Arm(entry, catchUp: false, keepUntil: Owns(grainId) ? null : time.GetUtcNow() + (2 * options.Value.RefreshReminderListPeriod));
        return new GrainReminder(reminderName, etag, entry.StartAt, period);
    }

    public async Task UnregisterAsync(GrainId grainId, IGrainReminder reminder)
    {
        var reminderTable = RequireTable();
        ArgumentNullException.ThrowIfNull(reminder);
        var etag = reminder is GrainReminder handle
            ? handle.ETag
            : (await reminderTable.ReadRowAsync(grainId, reminder.ReminderName))?.ETag;
        if (etag is null)
        {
            return;
        }

        // Delete by the handle's version: a stale handle must not remove a newer registration of the same name.
        var removed = await reminderTable.RemoveRowAsync(grainId, reminder.ReminderName, etag);
        NoteLocalChange(grainId, reminder.ReminderName);
        if (!removed)
        {
            if (await reminderTable.ReadRowAsync(grainId, reminder.ReminderName) is null)
            {
                Disarm(grainId, reminder.ReminderName);
                return;
            }

            throw new InvalidOperationException(
                $"Reminder '{reminder.ReminderName}' was re-registered after this handle was obtained; get a fresh handle to unregister it.");
        }

        Disarm(grainId, reminder.ReminderName);
    }

    public async Task<IGrainReminder?> GetAsync(GrainId grainId, string reminderName)
    {
        var row = await RequireTable().ReadRowAsync(grainId, reminderName);
        return row is null ? null : new GrainReminder(row.ReminderName, row.ETag!, row.StartAt, row.Period);
    }

    public async Task<IReadOnlyList<IGrainReminder>> GetAllAsync(GrainId grainId)
    {
        var rows = await RequireTable().ReadRowsAsync(grainId);
        return rows.Select(r => (IGrainReminder)new GrainReminder(r.ReminderName, r.ETag!, r.StartAt, r.Period)).ToList();
    }

    public ValueTask DisposeAsync()
    {
        if (membership is not null)
        {
            membership.ViewChanged -= OnViewChanged;
        }

        lock (_lock)
        {
            _stopped = true;
            foreach (var reminder in _armed.Values)
            {
                reminder.Timer?.Dispose();
            }

            _armed.Clear();
        }

        _refreshTimer?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The next due time of a schedule at or after <paramref name="notBefore"/>.</summary>
    internal static DateTimeOffset NextDue(DateTimeOffset startAt, TimeSpan period, DateTimeOffset notBefore)
    {
        if (notBefore <= startAt)
        {
            return startAt;
        }

        var periods = (long)Math.Ceiling((notBefore - startAt).Ticks / (double)period.Ticks);
        return startAt + TimeSpan.FromTicks(periods * period.Ticks);
    }

    private IReminderTable RequireTable() => table ?? throw new InvalidOperationException(
        "No reminder table is configured; call UseSqliteReminderTable, UsePostgresReminderTable or UseInMemoryReminderTable on the silo builder.");

    private async Task RefreshSafelyAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (Exception ex)
        {
            LogRefreshFailed(logger, ex);
        }
    }

    private void OnViewChanged(ClusterView view) => _ = RefreshSafelyAsync();

    private async Task RefreshAsync()
    {
        // Serialized so that a refresh for an older view cannot arm what a newer one dropped.
        await _refreshGate.WaitAsync();
        long startedAt;
        lock (_lock)
        {
            startedAt = _changeCount;
        }

        try
        {
            var rows = new List<ReminderEntry>();
            foreach (var (begin, end) in OwnedRanges())
            {
                rows.AddRange(await table!.ReadRangeAsync(begin, end));
            }

            // The view may have moved on while reading.
            var current = rows.Where(r => Owns(r.GrainId)).ToDictionary(r => (r.GrainId, r.ReminderName));
            var now = time.GetUtcNow();
            List<(GrainId, string)> gone;
            lock (_lock)
            {
                gone = _armed.Where(a => !current.ContainsKey(a.Key) && !(a.Value.KeepUntil > now) && !ChangedSince(a.Key, startedAt))
                    .Select(a => a.Key).ToList();
                foreach (var key in current.Keys.Where(key => ChangedSince(key, startedAt)).ToList())
                {
                    // Registered or removed here after the read began: what this silo did is newer than what was read.
                    current.Remove(key);
                }
            }

            foreach (var (grainId, name) in gone)
            {
                Disarm(grainId, name);
            }

            foreach (var row in current.Values)
            {
                Arm(row, catchUp: true, keepUntil: null);
            }
        }
        finally
        {
            lock (_lock)
            {
                foreach (var key in _localChanges.Where(c => c.Value <= startedAt).Select(c => c.Key).ToList())
                {
                    _localChanges.Remove(key);
                }
            }

            _refreshGate.Release();
        }
    }

    private void NoteLocalChange(GrainId grainId, string name)
    {
        lock (_lock)
        {
            _localChanges[(grainId, name)] = ++_changeCount;
        }
    }

    private bool ChangedSince((GrainId, string) key, long startedAt) =>
        _localChanges.TryGetValue(key, out var change) && change > startedAt;

    /// <summary>The ring ranges whose reminders this silo arms: all of them without a cluster, none while it does not serve.</summary>
    private IReadOnlyList<(uint Begin, uint End)> OwnedRanges() =>
        membership is null ? [(0u, 0u)]
        : membership.Self is { } self && membership.CanServe ? membership.View.Ring.RangesOf(self)
        : [];

    private bool Owns(GrainId grainId) =>
        membership is null
        || (membership.Self is { } self && membership.CanServe && membership.View.Ring.Owner(grainId.GetUniformHashCode()) == self);

    private void Arm(ReminderEntry entry, bool catchUp, DateTimeOffset? keepUntil)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            var key = (entry.GrainId, entry.ReminderName);
            if (_armed.TryGetValue(key, out var existing))
            {
                if (existing.Entry.ETag == entry.ETag)
                {
                    return;
                }

                existing.Timer?.Dispose();
            }

            var now = time.GetUtcNow();
            var nextDue = NextDue(entry.StartAt, entry.Period, now);
            var missed = nextDue - entry.Period;
            if (catchUp && missed >= entry.StartAt && !(entry.LastTick >= missed))
            {
                nextDue = missed;
            }

            var reminder = new LocalReminder(entry, nextDue) { KeepUntil = keepUntil };
            _armed[key] = reminder;
            Schedule(reminder);
        }
    }

    private void Disarm(GrainId grainId, string name)
    {
        lock (_lock)
        {
            if (_armed.Remove((grainId, name), out var reminder))
            {
                reminder.Timer?.Dispose();
            }
        }
    }

    private void Schedule(LocalReminder reminder)
    {
        var delay = reminder.NextDue - time.GetUtcNow();
        using (ExecutionContext.SuppressFlow())
        {
            reminder.Timer = time.CreateTimer(
                static s => { var (service, r) = ((ReminderService, LocalReminder))s!; service.OnDue(r); },
                (this, reminder),
                delay < TimeSpan.Zero ? TimeSpan.Zero : delay,
                Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDue(LocalReminder reminder)
    {
        DateTimeOffset tickTime;
        lock (_lock)
        {
            if (_stopped || !_armed.TryGetValue((reminder.Entry.GrainId, reminder.Entry.ReminderName), out var armed) || armed != reminder)
            {
                return;
            }

            if (!(reminder.KeepUntil > time.GetUtcNow()) && !Owns(reminder.Entry.GrainId))
            {
                _armed.Remove((reminder.Entry.GrainId, reminder.Entry.ReminderName));
                reminder.Timer?.Dispose();
                return;
            }

            tickTime = reminder.NextDue;
            reminder.Timer?.Dispose();
            reminder.NextDue = NextDue(reminder.Entry.StartAt, reminder.Entry.Period, tickTime + TimeSpan.FromTicks(1));
            Schedule(reminder);
        }

        _ = DeliverAsync(reminder.Entry, new TickStatus(reminder.Entry.StartAt, reminder.Entry.Period, tickTime));
    }

    private async Task DeliverAsync(ReminderEntry entry, TickStatus status)
    {
        try
        {
            if (!await table!.TryClaimTickAsync(entry.GrainId, entry.ReminderName, entry.ETag!, status.CurrentTickTime))
            {
                LogTickClaimedElsewhere(logger, entry.GrainId, entry.ReminderName);
                return;
            }
        }
        catch (Exception ex)
        {
            // A deadline escalation that fires twice is handled by the grain; one that never fires is a missed SLA.
            LogClaimFailed(logger, ex, entry.GrainId, entry.ReminderName);
        }

        try
        {
            await grainFactory.GetGrain<IRemindable>(entry.GrainId).ReceiveReminder(entry.ReminderName, status);
        }
        catch (Exception ex)
        {
            LogTickFailed(logger, ex, entry.GrainId, entry.ReminderName);
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Reminder {ReminderName} of {GrainId} failed; it stays scheduled")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, Diagnostics.GrainLogId grainId, string reminderName);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Refreshing the reminder table failed; armed reminders keep their schedule")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Reminder {ReminderName} of {GrainId}: tick already delivered or registration replaced")]
    private static partial void LogTickClaimedElsewhere(ILogger logger, Diagnostics.GrainLogId grainId, string reminderName);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Reminder {ReminderName} of {GrainId}: the tick could not be claimed in the table; delivering it anyway")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception, Diagnostics.GrainLogId grainId, string reminderName);

    private static DateTimeOffset UpToWholeMilliseconds(DateTimeOffset value)
    {
        var remainder = value.UtcTicks % TimeSpan.TicksPerMillisecond;
        return new(value.UtcTicks + (remainder == 0 ? 0 : TimeSpan.TicksPerMillisecond - remainder), TimeSpan.Zero);
    }

    private static TimeSpan WholeMilliseconds(TimeSpan value) =>
        TimeSpan.FromTicks(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond));

    private sealed class LocalReminder(ReminderEntry entry, DateTimeOffset nextDue)
    {
        public ReminderEntry Entry { get; } = entry;

        /// <summary>Armed here although another silo owns the grain, until the owner has surely loaded it.</summary>
        public DateTimeOffset? KeepUntil { get; init; }

        public DateTimeOffset NextDue { get; set; } = nextDue;

        public ITimer? Timer { get; set; }
    }
}
