using GovOrleans.Gateway.RateLimiting;

namespace GovOrleans.Gateway.Tests.RateLimiting;

/// <summary>A load signal the test sets directly.</summary>
internal sealed class FakeLoadMonitor : IClusterLoadMonitor
{
    public LoadSignal Signal { get; set; }

    public LoadSignal Sample() => Signal;
}
