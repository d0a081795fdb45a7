namespace GovOrleans.Runtime.Abstractions.Reminders;

/// <summary>What a reminder tick knows about its schedule, for reconciling missed or repeated ticks.</summary>
/// <param name="FirstTickTime">When the reminder first became due.</param>
/// <param name="Period">The reminder's period.</param>
/// <param name="CurrentTickTime">When this tick was due.</param>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);
