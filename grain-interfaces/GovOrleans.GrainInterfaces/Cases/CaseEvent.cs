namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>
/// A domain event, written in the same state write as the change it describes (outbox) and then delivered
/// at least once: consumers de-duplicate by <see cref="EventId"/> (or by <see cref="Version"/> per case).
/// </summary>
public sealed record CaseEvent(
    Guid EventId,
    string CaseId,
    CaseEventType Type,
    DateTimeOffset At,
    string CitizenId,
    string Department,
    string CaseTypeCode,
    string Status,
    string CitizenStatusTitle,
    string? AssignedTo,
    DateTimeOffset DueAt,
    bool DeadlineBreached,
    bool Closed,
    DateTimeOffset SubmittedAt,
    int Version,
    string? Detail);
