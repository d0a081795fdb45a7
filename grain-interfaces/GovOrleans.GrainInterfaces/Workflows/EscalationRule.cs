namespace GovOrleans.GrainInterfaces.Workflows;

/// <summary>What happens when a case passes its deadline: it is flagged, a DeadlineBreached event is emitted, and it is reassigned to the department's queue for <paramref name="NotifyRole"/>.</summary>
/// <param name="NotifyRole">The role alerted (usually <c>department-admin</c>).</param>
/// <param name="ReminderPeriodMinutes">How often the deadline is re-checked after a breach (at least 1).</param>
public sealed record EscalationRule(string NotifyRole, int ReminderPeriodMinutes = 60);
