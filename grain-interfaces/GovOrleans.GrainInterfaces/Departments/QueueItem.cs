namespace GovOrleans.GrainInterfaces.Departments;

/// <summary>An open case in a department's work queue.</summary>
public sealed record QueueItem(string CaseId, string CaseTypeCode, string Status, string? AssignedTo, DateTimeOffset SubmittedAt, DateTimeOffset DueAt, bool DeadlineBreached, bool DueSoon);
