using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Reminders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Reminders;

/// <summary>
/// Arms the durable reminders this silo owns and delivers their ticks as grain calls, which activate the grain
/// if needed. The table is the truth: on start and every refresh period the silo re-reads it, so reminders
/// survive restarts. A tick missed while no silo ran is not replayed (Orleans semantics); the next one fires.
/// </summary>
internal sealed partial class ReminderService(
    IGrainFactory grainFactory,
    TimeProvider time,
    IOptions<ReminderOptions> options,
    ILogger<ReminderService> logger,
    IReminderTable? table = null) : IAsyncDisposable
{
    private readonly Dictionary<(GrainId Grain, string Name), LocalReminder> _armed = [];
    private readonly Lock _lock = new();
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

        var entry = new ReminderEntry(grainId, reminderName, time.GetUtcNow() + dueTime, period, null);
        var etag = await reminderTable.UpsertRowAsync(entry);
        entry = entry with { ETag = etag };
        Arm(entry);
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
        if (!await reminderTable.RemoveRowAsync(grainId, reminder.ReminderName, etag))
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

    private async Task RefreshAsync()
    {
        var rows = await table!.ReadRangeAsync(0, 0);
        var current = rows.ToDictionary(r => (r.GrainId, r.ReminderName));
        List<(GrainId, string)> gone;
        lock (_lock)
        {
            gone = _armed.Keys.Where(k => !current.ContainsKey(k)).ToList();
        }

        foreach (var (grainId, name) in gone)
        {
            Disarm(grainId, name);
        }

        foreach (var row in rows)
        {
            Arm(row);
        }
    }

    private void Arm(ReminderEntry entry)
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

            var reminder = new LocalReminder(entry, NextDue(entry.StartAt, entry.Period, time.GetUtcNow()));
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
            await grainFactory.GetGrain<IRemindable>(entry.GrainId).ReceiveReminder(entry.ReminderName, status);
        }
        catch (Exception ex)
        {
            LogTickFailed(logger, ex, entry.GrainId, entry.ReminderName);
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Reminder {ReminderName} of {GrainId} failed; it stays scheduled")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, GrainId grainId, string reminderName);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Refreshing the reminder table failed; armed reminders keep their schedule")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    private sealed class LocalReminder(ReminderEntry entry, DateTimeOffset nextDue)
    {
        public ReminderEntry Entry { get; } = entry;

        public DateTimeOffset NextDue { get; set; } = nextDue;

        public ITimer? Timer { get; set; }
    }
}
