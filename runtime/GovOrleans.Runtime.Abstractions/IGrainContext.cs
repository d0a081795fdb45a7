using GovOrleans.Runtime.Abstractions.Reminders;
using GovOrleans.Runtime.Abstractions.Timers;

namespace GovOrleans.Runtime.Abstractions;

/// <summary>The activation behind a grain instance: its identity and the runtime services it may use.</summary>
public interface IGrainContext
{
    /// <summary>The grain's identity.</summary>
    GrainId GrainId { get; }

    /// <summary>The grain instance.</summary>
    object? GrainInstance { get; }

    /// <summary>The factory for references to other grains.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>The silo's services.</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>Deactivates the grain once the current request completes; queued requests go to a new activation.</summary>
    void DeactivateOnIdle();

    /// <summary>
    /// Keeps the activation at least until <paramref name="timeSpan"/> from now (and it must still be idle for the
    /// collection age). Zero or a negative span cancels an earlier delay; <see cref="Timeout.InfiniteTimeSpan"/> or
    /// <see cref="TimeSpan.MaxValue"/> keep it until the silo stops.
    /// </summary>
    void DelayDeactivation(TimeSpan timeSpan);

    /// <summary>Registers a timer whose callbacks are turns of this activation.</summary>
    IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options);

    /// <summary>Creates or replaces the durable reminder <paramref name="reminderName"/>.</summary>
    Task<IGrainReminder> RegisterOrUpdateReminderAsync(string reminderName, TimeSpan dueTime, TimeSpan period);

    /// <summary>Removes a reminder.</summary>
    Task UnregisterReminderAsync(IGrainReminder reminder);

    /// <summary>Looks up a reminder of this grain by name.</summary>
    Task<IGrainReminder?> GetReminderAsync(string reminderName);

    /// <summary>Every reminder of this grain.</summary>
    Task<IReadOnlyList<IGrainReminder>> GetRemindersAsync();
}
