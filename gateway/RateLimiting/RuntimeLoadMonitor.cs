using System.Diagnostics.Metrics;
using GovOrleans.Runtime.Diagnostics;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.RateLimiting;

/// <summary>
/// Reads load from the runtime in this process: the mailbox length directly, and grain-call latency by listening to
/// the runtime's call-duration histogram. Latencies are kept in a fixed ring, so a burst of calls costs no allocation
/// and only the most recent <see cref="Capacity"/> calls within the window count towards the p95.
/// </summary>
internal sealed class RuntimeLoadMonitor : IClusterLoadMonitor, IDisposable
{
    public const string CallDurationInstrument = "govorleans.grain.call.duration";

    private const int Capacity = 1024;

    private readonly Lock _lock = new();
    private readonly double[] _values = new double[Capacity];
    private readonly long[] _timestamps = new long[Capacity];
    private readonly double[] _scratch = new double[Capacity];
    private readonly TimeProvider _time;
    private readonly Func<long> _mailboxLength;
    private readonly TimeSpan _window;
    private readonly MeterListener _listener;
    private int _next;
    private int _count;

    public RuntimeLoadMonitor(IOptions<RateLimitingOptions> options, TimeProvider time)
        : this(options, time, static () => RuntimeTelemetry.MailboxLength)
    {
    }

    /// <summary>Takes the mailbox reader as a delegate: the runtime's counter cannot be set from outside it.</summary>
    public RuntimeLoadMonitor(IOptions<RateLimitingOptions> options, TimeProvider time, Func<long> mailboxLength)
    {
        _time = time;
        _mailboxLength = mailboxLength;
        _window = options.Value.LatencyWindow;
        _listener = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) =>
            {
                if (instrument.Meter.Name == RuntimeTelemetry.MeterName && instrument.Name == CallDurationInstrument)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, state) => Record(value));
        _listener.Start();
    }

    public LoadSignal Sample() => new(Math.Max(0, _mailboxLength()), LatencyP95());

    public void Dispose() => _listener.Dispose();

    private void Record(double milliseconds)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            _values[_next] = milliseconds;
            _timestamps[_next] = now;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    private double LatencyP95()
    {
        var now = _time.GetTimestamp();
        var recent = 0;
        lock (_lock)
        {
            for (var i = 0; i < _count; i++)
            {
                if (_time.GetElapsedTime(_timestamps[i], now) <= _window)
                {
                    _scratch[recent++] = _values[i];
                }
            }

            if (recent == 0)
            {
                return 0;
            }

            // Nearest-rank p95: sorting at most 1024 doubles once per sample interval is cheaper than keeping a sketch.
            Array.Sort(_scratch, 0, recent);
            var rank = (int)Math.Ceiling(0.95 * recent) - 1;
            return _scratch[Math.Clamp(rank, 0, recent - 1)];
        }
    }
}
