using System.Diagnostics;
using System.Diagnostics.Metrics;
using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Diagnostics;

/// <summary>
/// The runtime's instruments. Every recording is guarded by the instrument's Enabled flag, so a silo nobody
/// observes pays only a branch per call.
/// </summary>
internal static class RuntimeDiagnostics
{
    public static readonly ActivitySource ActivitySource = new(RuntimeTelemetry.ActivitySourceName);

    private static readonly Meter Meter = new(RuntimeTelemetry.MeterName);

    private static readonly UpDownCounter<long> Activations =
        Meter.CreateUpDownCounter<long>("govorleans.activations", description: "Live activations, by grain type.");

    private static readonly Histogram<double> ActivationDuration =
        Meter.CreateHistogram<double>("govorleans.activation.duration", "ms", "Time to construct, load state and run OnActivateAsync.");

    private static readonly Counter<long> Calls =
        Meter.CreateCounter<long>("govorleans.grain.calls", description: "Grain calls served, by grain type and method.");

    private static readonly Counter<long> CallFailures =
        Meter.CreateCounter<long>("govorleans.grain.call.failures", description: "Grain calls that ended in an exception, by grain type and method.");

    private static readonly Histogram<double> CallDuration =
        Meter.CreateHistogram<double>("govorleans.grain.call.duration", "ms", "Grain call latency on the target, by grain type and method.");

    private static readonly Histogram<double> StorageDuration =
        Meter.CreateHistogram<double>("govorleans.storage.duration", "ms", "Grain state storage latency, by operation.");

    private static long s_mailboxLength;

    static RuntimeDiagnostics()
    {
        Meter.CreateObservableGauge("govorleans.mailbox.length", () => Volatile.Read(ref s_mailboxLength),
            description: "Requests waiting in activation queues.");
    }

    public static Counter<long> ActivationFailures { get; } =
        Meter.CreateCounter<long>("govorleans.activation.failures", description: "Activations that failed, by grain type.");

    public static Counter<long> CallTimeouts { get; } =
        Meter.CreateCounter<long>("govorleans.grain.call.timeouts", description: "Calls whose response did not arrive within the response timeout.");

    public static Counter<long> Deadlocks { get; } =
        Meter.CreateCounter<long>("govorleans.grain.call.deadlocks", description: "Calls refused at once because they closed a call cycle.");

    public static long MailboxLength => Volatile.Read(ref s_mailboxLength);

    public static void MailboxLengthChanged(int delta)
    {
        if (delta != 0)
        {
            Interlocked.Add(ref s_mailboxLength, delta);
        }
    }

    public static void ActivationCreated(GrainType grainType, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("grain.type", grainType.Value);
        Activations.Add(1, tag);
        if (ActivationDuration.Enabled)
        {
            ActivationDuration.Record(elapsed.TotalMilliseconds, tag);
        }
    }

    public static void ActivationDestroyed(GrainType grainType) =>
        Activations.Add(-1, new KeyValuePair<string, object?>("grain.type", grainType.Value));

    public static void RecordCall(GrainType grainType, string method, long startedAt, bool failed)
    {
        if (!Calls.Enabled && !CallDuration.Enabled && !(failed && CallFailures.Enabled))
        {
            return;
        }

        var tags = new TagList { { "grain.type", grainType.Value }, { "method", method } };
        Calls.Add(1, tags);
        if (failed)
        {
            CallFailures.Add(1, tags);
        }

        if (CallDuration.Enabled)
        {
            CallDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, tags);
        }
    }

    public static StorageTiming StorageOperation(string operation) => new(operation, StorageDuration.Enabled ? Stopwatch.GetTimestamp() : 0);

    /// <summary>Records a storage operation's latency when disposed.</summary>
    public readonly struct StorageTiming(string operation, long startedAt) : IDisposable
    {
        public void Dispose()
        {
            if (startedAt != 0)
            {
                StorageDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, new KeyValuePair<string, object?>("operation", operation));
            }
        }
    }
}
