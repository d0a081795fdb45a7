namespace GovOrleans.Runtime.Abstractions.Timers;

/// <summary>A grain timer: in memory only, owned by one activation, gone when it deactivates.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes the due time and period; <see cref="Timeout.InfiniteTimeSpan"/> due time pauses, period fires once.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
