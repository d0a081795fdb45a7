using GovOrleans.Runtime.Abstractions.Timers;
using GovOrleans.Runtime.Catalog;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Runtime.Timers;

/// <summary>
/// A grain timer. Each tick is a request of its activation (so it is a turn and respects non-reentrancy unless
/// <see cref="GrainTimerCreationOptions.Interleave"/>), and the next tick is armed only after the previous one
/// completed, so ticks never overlap.
/// </summary>
internal sealed partial class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private readonly TimeSpan _dueTime;
    private TimeSpan _period;

    public GrainTimer(ActivationData activation, TimeProvider time, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options, ILogger logger)
    {
        ValidatePeriod(options.DueTime, nameof(options.DueTime));
        ValidatePeriod(options.Period, nameof(options.Period));
        _activation = activation;
        _time = time;
        _callback = callback;
        _logger = logger;
        _dueTime = options.DueTime;
        _period = options.Period;
        Interleave = options.Interleave;
        KeepAlive = options.KeepAlive;
    }

    public bool Interleave { get; }

    public bool KeepAlive { get; }

    public CancellationToken Token => _disposed.Token;

    public void Start()
    {
        using (ExecutionContext.SuppressFlow())
        {
            _timer = _time.CreateTimer(static s => ((GrainTimer)s!).OnTimer(), this, _dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ValidatePeriod(dueTime, nameof(dueTime));
        ValidatePeriod(period, nameof(period));
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        lock (_lock)
        {
            _period = period;
            _timer?.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        lock (_lock)
        {
            _timer?.Dispose();
        }

        _activation.RemoveTimer(this);
    }

    public Task InvokeCallback() => _callback(_disposed.Token);

    public void OnTickCompleted(Exception? exception)
    {
        if (exception is not null and not OperationCanceledException)
        {
            LogTickFailed(_logger, exception, _activation.GrainId);
        }

        lock (_lock)
        {
            if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
            {
                _timer?.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private static void ValidatePeriod(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be zero or positive, or Timeout.InfiniteTimeSpan.");
        }
    }

    private void OnTimer()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        if (!_activation.Receive(new TimerTickRequest(this)))
        {
            Dispose();
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "A timer tick of {GrainId} threw; the timer keeps its schedule")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, Diagnostics.GrainLogId grainId);
}
