using GovOrleans.GrainInterfaces.Catalogue;

namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>
/// A domain event, written in the same state write as the change it describes (outbox) and then delivered
/// at least once: consumers de-duplicate by <see cref="EventId"/> (or by <see cref="Version"/> per case).
/// <see cref="Confidentiality"/> is the case's level (fixed when it was submitted), so that projections which list
/// cases (the case index, department queues) can hide cases of which the reader is not a party. It is null in events
/// written by a release that did not carry it; consumers treat null as unknown and hide the case from non-parties.
/// </summary>
public sealed record CaseEvent(
    Guid EventId,
    string CaseId,
    CaseEventType Type,
    DateTimeOffset At,
    string CitizenId,
    string Department,
    string CaseTypeCode,
    Confidentiality? Confidentiality,
    string Status,
    string CitizenStatusTitle,
    string? AssignedTo,
    DateTimeOffset DueAt,
    bool DeadlineBreached,
    bool Closed,
    DateTimeOffset SubmittedAt,
    int Version,
    string? Detail);
