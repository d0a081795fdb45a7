using GovOrleans.GrainInterfaces.Cases;

namespace GovOrleans.Grains.Cases;

/// <summary>An event in a case's outbox and the consumers that already have it.</summary>
public sealed class PendingCaseEvent
{
    public required CaseEvent Event { get; set; }

    public List<string> DeliveredTo { get; set; } = [];
}
