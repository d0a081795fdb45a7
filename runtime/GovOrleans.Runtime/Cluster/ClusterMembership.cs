using System.Collections.Concurrent;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Membership;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Cluster;

/// <summary>
/// This process's view of the membership table. In a silo it also owns the silo's row: join (Joining → Active),
/// lease renewal, declaring expired leases dead, leaving (ShuttingDown → Dead), and fencing itself when its lease runs
/// out or it reads that it was declared dead. In a client it only reads.
/// </summary>
internal sealed partial class ClusterMembership : IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly ClusterMembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterMembership> _logger;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ConcurrentDictionary<SiloAddress, long> _suspected = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private volatile ClusterView _view = ClusterView.Empty;
    private volatile bool _dead;
    private volatile bool _killed;
    private long _leaseStart;
    private SiloStatus _selfStatus;
    private Task? _loop;
    private DateTimeOffset _lastCleanup;

    public ClusterMembership(
        IMembershipTable table,
        IOptions<ClusterMembershipOptions> options,
        TimeProvider time,
        ILogger<ClusterMembership> logger,
        IHostApplicationLifetime? lifetime = null)
    {
        _table = table;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _lifetime = lifetime;
    }

    /// <summary>Raised after the view changed (from the refresh loop).</summary>
    public event Action<ClusterView>? ViewChanged;

    public ClusterView View => _view;

    /// <summary>This silo; null in a client.</summary>
    public SiloAddress? Self { get; private set; }

    public SiloStatus SelfStatus => _selfStatus;

    public bool IsDead => _dead;

    /// <summary>True while this silo may run requests: Active or ShuttingDown, not dead, and its lease still held.</summary>
    public bool CanServe =>
        !_dead && !_killed && _selfStatus is SiloStatus.Active or SiloStatus.ShuttingDown
        && _time.GetElapsedTime(Volatile.Read(ref _leaseStart)) < _options.LeaseDuration - _options.FenceMargin;

    /// <summary>True while this silo may take new activations.</summary>
    public bool AcceptsActivations => CanServe && _selfStatus == SiloStatus.Active;

    /// <summary>Reads the table and starts refreshing it (clients).</summary>
    public async Task StartReadingAsync(CancellationToken cancellationToken)
    {
        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    /// <summary>Inserts this silo as Joining, starts renewing its lease, then makes it Active.</summary>
    public async Task JoinAsync(SiloAddress self, string siloName, int gatewayPort, CancellationToken cancellationToken)
    {
        Self = self;
        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var entry = new MembershipEntry(self, siloName, SiloStatus.Joining, gatewayPort, now, now);
        while (true)
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _leaseStart, _time.GetTimestamp());
            if (await _table.InsertAsync(entry with { IAmAliveTime = _time.GetUtcNow() }, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        _selfStatus = SiloStatus.Joining;
        LogJoining(_logger, self);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        await ChangeOwnStatusAsync(SiloStatus.Active, cancellationToken).ConfigureAwait(false);
        LogActive(_logger, self, _view.Active.Count);
    }

    /// <summary>Marks this silo ShuttingDown: others stop placing grains here; it keeps serving what it has.</summary>
    public Task LeaveAsync(CancellationToken cancellationToken) => ChangeOwnStatusAsync(SiloStatus.ShuttingDown, cancellationToken);

    /// <summary>Marks this silo Dead (the end of a graceful shutdown) and stops the refresh loop.</summary>
    public async Task MarkDeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ChangeOwnStatusAsync(SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _dead = true;
            await StopLoopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops all table writes and serving at once, as if the process died (tests).</summary>
    public void Kill()
    {
        _killed = true;
        _stopping.Cancel();
    }

    /// <summary>Avoid <paramref name="silo"/> for placement until the view changes (it refused or could not be reached).</summary>
    public void Suspect(SiloAddress silo)
    {
        _suspected[silo] = _view.Version;
        RefreshSoon();
    }

    public bool IsSuspected(SiloAddress silo) => _suspected.TryGetValue(silo, out var version) && version == _view.Version;

    /// <summary>Refreshes the view without waiting for the next period.</summary>
    public void RefreshSoon()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync().ConfigureAwait(false);
    }

    private async Task StopLoopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }
    }

    private async Task ChangeOwnStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        var self = Self ?? throw new InvalidOperationException("A client has no row to change.");
        while (true)
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var current = snapshot.Entries.FirstOrDefault(e => e.Address == self);
            if (current is null || current.Status == SiloStatus.Dead)
            {
                OnDeclaredDead("its row is missing or dead");
                throw new InvalidOperationException($"Silo {self} was declared dead; it cannot become {status}.");
            }

            if (await _table.UpdateStatusAsync(self, status, snapshot.Version, null, cancellationToken).ConfigureAwait(false))
            {
                _selfStatus = status;
                break;
            }
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var period = _options.RefreshPeriod < _options.HeartbeatPeriod ? _options.RefreshPeriod : _options.HeartbeatPeriod;
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (Self is { } self && !_dead)
                {
                    var started = _time.GetTimestamp();
                    if (await _table.UpdateIAmAliveAsync(self, _time.GetUtcNow(), token).ConfigureAwait(false))
                    {
                        Volatile.Write(ref _leaseStart, started);
                    }
                    else
                    {
                        OnDeclaredDead("its lease could not be renewed: the row is dead");
                    }
                }

                await RefreshAsync(token).ConfigureAwait(false);
                if (Self is not null && !_dead)
                {
                    await DeclareExpiredDeadAsync(token).ConfigureAwait(false);
                    await CleanupAsync(token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogTableError(_logger, ex);
            }

            try
            {
                await _wake.WaitAsync(period, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var previous = _view;
        if (snapshot.Version == previous.Version && previous.Version != 0)
        {
            return;
        }

        var view = new ClusterView(snapshot.Version, snapshot.Entries);
        _view = view;
        if (Self is { } self && view.StatusOf(self) == SiloStatus.Dead && !_dead)
        {
            OnDeclaredDead("the membership table says it is dead");
        }

        LogViewChanged(_logger, view.Version, view.Active.Count);
        ViewChanged?.Invoke(view);
    }

    private async Task DeclareExpiredDeadAsync(CancellationToken cancellationToken)
    {
        var view = _view;
        var cutoff = _time.GetUtcNow() - _options.LeaseDuration;
        foreach (var entry in view.Members)
        {
            if (entry.Address == Self || entry.Status is SiloStatus.Dead or SiloStatus.None or SiloStatus.Created || entry.IAmAliveTime >= cutoff)
            {
                continue;
            }

            if (await _table.UpdateStatusAsync(entry.Address, SiloStatus.Dead, view.Version, cutoff, cancellationToken).ConfigureAwait(false))
            {
                LogDeclaredDead(_logger, entry.Address, entry.IAmAliveTime);
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now - _lastCleanup < TimeSpan.FromHours(1))
        {
            return;
        }

        _lastCleanup = now;
        await _table.CleanupDefunctAsync(now - _options.DefunctSiloExpiration, cancellationToken).ConfigureAwait(false);
    }

    private void OnDeclaredDead(string reason)
    {
        if (_dead)
        {
            return;
        }

        _dead = true;
        LogFenced(_logger, Self, reason);
        Environment.ExitCode = 70;
        _lifetime?.StopApplication();
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Silo {Silo} joining the cluster")]
    private static partial void LogJoining(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Silo {Silo} is active; {ActiveCount} active silos")]
    private static partial void LogActive(ILogger logger, SiloAddress silo, int activeCount);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Membership view {Version}: {ActiveCount} active silos")]
    private static partial void LogViewChanged(ILogger logger, long version, int activeCount);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Declared silo {Silo} dead; its last heartbeat was at {IAmAlive:O}")]
    private static partial void LogDeclaredDead(ILogger logger, SiloAddress silo, DateTimeOffset iAmAlive);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Critical, Message = "Silo {Silo} stops serving for good: {Reason}")]
    private static partial void LogFenced(ILogger logger, SiloAddress? silo, string reason);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Membership table access failed; retrying")]
    private static partial void LogTableError(ILogger logger, Exception exception);
}
