namespace GovOrleans.Gateway.RateLimiting;

/// <summary>
/// The source of <see cref="LoadSignal"/> samples. A seam of its own so that tests can drive adaptivity with exact
/// signals instead of real queueing.
/// </summary>
internal interface IClusterLoadMonitor
{
    /// <summary>Reads the current load; called once per sample interval.</summary>
    LoadSignal Sample();
}
