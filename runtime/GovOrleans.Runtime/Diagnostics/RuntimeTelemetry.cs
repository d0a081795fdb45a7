namespace GovOrleans.Runtime.Diagnostics;

/// <summary>Names to subscribe to for the runtime's metrics and traces.</summary>
public static class RuntimeTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name of every runtime instrument.</summary>
    public const string MeterName = "GovOrleans.Runtime";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name for grain-call spans.</summary>
    public const string ActivitySourceName = "GovOrleans.Runtime";

    /// <summary>Requests waiting in activation queues right now, across the silo (for load shedding and adaptive limits).</summary>
    public static long MailboxLength => RuntimeDiagnostics.MailboxLength;
}
