namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>One entry of a case's append-only history: who did what, when and why.</summary>
public sealed record CaseHistoryEntry(int Sequence, DateTimeOffset At, string Actor, string Action, string? FromStatus, string? ToStatus, string? Reason);
