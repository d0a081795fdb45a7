using GovOrleans.GrainInterfaces.Cases;

namespace GovOrleans.Gateway.Citizens;

/// <summary>What a citizen's event stream carries about one of their cases (no staff ids, no department internals).</summary>
internal sealed record CitizenCaseUpdate(
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
    public static CitizenCaseUpdate From(CaseEvent e) =>
        new(e.EventId, e.CaseId, e.Type, e.At, e.CaseTypeCode, e.CitizenStatusTitle, e.DueAt, e.Closed, e.Version);
}
