using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Reminders;

/// <summary>A durable reminder row.</summary>
/// <param name="GrainId">The grain the reminder belongs to.</param>
/// <param name="ReminderName">Unique per grain.</param>
/// <param name="StartAt">When the first tick is due.</param>
/// <param name="Period">Time between ticks.</param>
/// <param name="ETag">The row version; null for a row not yet stored.</param>
/// <param name="LastTick">The due time of the last tick claimed for delivery (<see cref="IReminderTable.TryClaimTickAsync"/>); null before the first.</param>
public sealed record ReminderEntry(GrainId GrainId, string ReminderName, DateTimeOffset StartAt, TimeSpan Period, string? ETag, DateTimeOffset? LastTick = null);
