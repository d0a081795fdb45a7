using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Catalogue;

namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>A case as its parties see it. <see cref="Version"/> increases with every change and is the ETag.</summary>
/// <remarks>
/// <see cref="DueAt"/> is the case's decision deadline (the case type's lead time, shifted by suspensions and extensions);
/// <see cref="StatusDueAt"/> is when the case must leave its current status, for workflow states with their own SLA.
/// </remarks>
public sealed record CaseView(
    string Id,
    string CaseTypeCode,
    int CaseTypeVersion,
    string CaseTypeTitle,
    Confidentiality Confidentiality,
    string CitizenId,
    string Department,
    string Status,
    string StatusTitle,
    string CitizenStatusTitle,
    string? AssignedTo,
    DateTimeOffset SubmittedAt,
    DateTimeOffset DueAt,
    bool Suspended,
    bool DeadlineBreached,
    ImmutableDictionary<string, string> Data,
    ImmutableDictionary<string, string> Decisions,
    DateTimeOffset? ClosedAt,
    ImmutableArray<DocumentMetadata> Documents,
    int Version,
    DateTimeOffset? StatusDueAt = null,
    bool StatusDeadlineBreached = false);
