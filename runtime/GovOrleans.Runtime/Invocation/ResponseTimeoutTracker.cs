using System.Collections.Concurrent;
using GovOrleans.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Invocation;

/// <summary>
/// Fails calls whose response has not arrived within <see cref="MessagingOptions.ResponseTimeout"/>.
/// Only calls that did not complete synchronously are tracked, so the common in-process path pays nothing.
/// </summary>
internal sealed partial class ResponseTimeoutTracker(TimeProvider time, IOptions<MessagingOptions> options, ILogger<ResponseTimeoutTracker> logger)
    : IDisposable
{
    private readonly ConcurrentDictionary<IPendingResponse, byte> _pending = new(ReferenceEqualityComparer.Instance);
    private readonly TimeSpan _timeout = options.Value.ResponseTimeout;
    private readonly long _timeoutTimestamps = (long)(options.Value.ResponseTimeout.TotalSeconds * time.TimestampFrequency);
    private ITimer? _timer;

    public int PendingCount => _pending.Count;

    public void Register(IPendingResponse response)
    {
        response.DeadlineTimestamp = time.GetTimestamp() + _timeoutTimestamps;
        _pending.TryAdd(response, 0);
    }

    public void Unregister(IPendingResponse response) => _pending.TryRemove(response, out _);

    public void Start()
    {
        var period = TimeSpan.FromTicks(Math.Clamp(_timeout.Ticks / 10, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));
        using (ExecutionContext.SuppressFlow())
        {
            _timer = time.CreateTimer(static s => ((ResponseTimeoutTracker)s!).Scan(), this, period, period);
        }
    }

    public void Dispose() => _timer?.Dispose();

    private void Scan()
    {
        var now = time.GetTimestamp();
        foreach (var entry in _pending)
        {
            var response = entry.Key;
            if (response.DeadlineTimestamp <= now && _pending.TryRemove(response, out _) && response.TryTimeout(_timeout))
            {
                RuntimeDiagnostics.CallTimeouts.Add(1);
                LogCallTimedOut(logger, _timeout);
            }
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "A grain call timed out after {Timeout}; its outcome is unknown")]
    private static partial void LogCallTimedOut(ILogger logger, TimeSpan timeout);
}
