using GovOrleans.GrainInterfaces.Cases;

namespace GovOrleans.GrainInterfaces.Citizens;

/// <summary>
/// What a citizen learns about one change to one of their cases (no staff ids, no department internals): the payload of
/// the citizen's event stream, live and replayed.
/// </summary>
/// <param name="EventId">The case event's id; the event stream's <c>id</c> and the key of a replay.</param>
/// <param name="CaseId">The case.</param>
/// <param name="Type">What happened.</param>
/// <param name="At">When it happened.</param>
/// <param name="CaseTypeCode">The case type.</param>
/// <param name="Status">The status as the citizen sees it.</param>
/// <param name="DueAt">The decision deadline after the change.</param>
/// <param name="Closed">Whether the case reached a final state.</param>
/// <param name="Version">The case's version after the change.</param>
public sealed record CitizenCaseUpdate(
    Guid EventId,
    string CaseId,
    CaseEventType Type,
    DateTimeOffset At,
    string CaseTypeCode,
    string Status,
    DateTimeOffset DueAt,
    bool Closed,
    int Version)
{
    /// <summary>The citizen's view of <paramref name="e"/>.</summary>
    public static CitizenCaseUpdate From(CaseEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.EventId, e.CaseId, e.Type, e.At, e.CaseTypeCode, e.CitizenStatusTitle, e.DueAt, e.Closed, e.Version);
    }
}
