namespace GovOrleans.Runtime.Abstractions.Reminders;

/// <summary>Implemented by grains that register durable reminders.</summary>
public interface IRemindable : IGrain
{
    /// <summary>A reminder tick. Ticks are at-least-once in spirit but transient: reconcile with <paramref name="status"/>.</summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}
