using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.RateLimiting;

/// <summary>
/// Turns load samples into the share of the configured rates currently admitted. Under pressure the factor drops to
/// <see cref="RateLimitingOptions.TightenFactor"/> at once (shedding must be fast); it climbs back one
/// <see cref="RateLimitingOptions.RecoveryStep"/> per calm <see cref="RateLimitingOptions.RecoveryDelay"/>, so a
/// cluster that just recovered is not hit by the full rate again in one go. Sampling runs on a
/// <see cref="TimeProvider"/> timer so that tests decide when a sample is taken.
/// </summary>
internal sealed partial class AdaptiveLimitController(
    IClusterLoadMonitor monitor,
    IOptions<RateLimitingOptions> options,
    TimeProvider time,
    ILogger<AdaptiveLimitController> logger) : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private double _factor = 1.0;
    private long _calmSince = time.GetTimestamp();

    /// <summary>Share of the configured rates admitted right now, between the tighten factor and 1.</summary>
    public double Factor => Volatile.Read(ref _factor);

    /// <summary>The most recent sample, for diagnostics.</summary>
    public LoadSignal LastSignal { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.SampleInterval;
        _timer = time.CreateTimer(static state => ((AdaptiveLimitController)state!).Tick(), this, interval, interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>Takes one sample and adjusts the factor; the timer calls it, and tests may too.</summary>
    internal void Tick()
    {
        LoadSignal signal;
        try
        {
            signal = monitor.Sample();
        }
        catch (Exception ex)
        {
            // A failing probe must not stop sampling; the limits stay where they are until the next good sample.
            LogSampleFailed(logger, ex);
            return;
        }

        var settings = options.Value;
        var pressured = signal.MailboxLength >= settings.MailboxHighWatermark
            || signal.CallLatencyP95Ms >= settings.LatencyHighWatermarkMs;
        lock (_lock)
        {
            LastSignal = signal;
            var now = time.GetTimestamp();
            var factor = _factor;
            if (pressured)
            {
                _calmSince = now;
                if (factor > settings.TightenFactor)
                {
                    Volatile.Write(ref _factor, settings.TightenFactor);
                    LogTightened(logger, settings.TightenFactor, signal.MailboxLength, signal.CallLatencyP95Ms);
                }
            }
            else if (factor < 1.0 && time.GetElapsedTime(_calmSince, now) >= settings.RecoveryDelay)
            {
                _calmSince = now;
                var relaxed = Math.Min(1.0, factor + settings.RecoveryStep);
                Volatile.Write(ref _factor, relaxed);
                LogRelaxed(logger, relaxed);
            }
        }
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning,
        Message = "Rate limits tightened to {Factor} of configured rates (mailbox length {MailboxLength}, grain call p95 {LatencyP95Ms} ms)")]
    private static partial void LogTightened(ILogger logger, double factor, long mailboxLength, double latencyP95Ms);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Rate limits relaxed to {Factor} of configured rates")]
    private static partial void LogRelaxed(ILogger logger, double factor);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Sampling the cluster load failed; rate limits unchanged")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
