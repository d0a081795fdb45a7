namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>Filters, ordering and page of a case search. Ordering is one of <c>submittedAt</c>, <c>dueAt</c>, <c>status</c>, optionally prefixed with '-' for descending.</summary>
public sealed record CaseQuery(
    string? CitizenId = null,
    string? Department = null,
    string? Status = null,
    string? CaseTypeCode = null,
    string? AssignedTo = null,
    bool? DeadlineBreached = null,
    bool? Closed = null,
    DateTimeOffset? SubmittedFrom = null,
    DateTimeOffset? SubmittedTo = null,
    string Ordering = "-submittedAt",
    int Page = 1,
    int PageSize = 20);
