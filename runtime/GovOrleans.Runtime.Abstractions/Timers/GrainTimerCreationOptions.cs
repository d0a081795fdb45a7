namespace GovOrleans.Runtime.Abstractions.Timers;

/// <summary>How a grain timer fires.</summary>
/// <param name="DueTime">Delay before the first tick; <see cref="Timeout.InfiniteTimeSpan"/> creates it paused.</param>
/// <param name="Period">Delay after a tick completes before the next; <see cref="Timeout.InfiniteTimeSpan"/> fires once.</param>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>When true, ticks interleave with requests; by default a tick waits for running requests and blocks new ones.</summary>
    public bool Interleave { get; init; }

    /// <summary>When true, ticks count as activity and keep the activation from idle collection.</summary>
    public bool KeepAlive { get; init; }
}
