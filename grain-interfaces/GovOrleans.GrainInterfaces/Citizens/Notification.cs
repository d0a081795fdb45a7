namespace GovOrleans.GrainInterfaces.Citizens;

/// <summary>A message in the citizen's inbox about one of their cases.</summary>
public sealed record Notification(Guid Id, string CaseId, string Message, DateTimeOffset At);
