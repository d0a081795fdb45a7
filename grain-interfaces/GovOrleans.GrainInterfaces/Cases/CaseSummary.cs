namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>A row of a case search, read from the case index (no case is activated to list it).</summary>
public sealed record CaseSummary(
    string Id,
    string CaseTypeCode,
    string CitizenId,
    string Department,
    string Status,
    string CitizenStatusTitle,
    string? AssignedTo,
    DateTimeOffset SubmittedAt,
    DateTimeOffset DueAt,
    bool DeadlineBreached,
    bool Closed,
    int Version);
