using System.Collections.Concurrent;
using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Tests.Grains;

/// <summary>Records activations and deactivations so tests can assert on the lifecycle.</summary>
public sealed class LifecycleLog
{
    private readonly ConcurrentQueue<(string Event, GrainId Grain, DeactivationReasonCode Reason)> _events = new();

    public void Activated(GrainId grain) => _events.Enqueue(("activate", grain, DeactivationReasonCode.None));

    public void Deactivated(GrainId grain, DeactivationReasonCode reason) => _events.Enqueue(("deactivate", grain, reason));

    public int Activations(GrainId grain) => _events.Count(e => e.Event == "activate" && e.Grain == grain);

    public int Deactivations(GrainId grain) => _events.Count(e => e.Event == "deactivate" && e.Grain == grain);

    public DeactivationReasonCode? LastDeactivationReason(GrainId grain) =>
        _events.LastOrDefault(e => e.Event == "deactivate" && e.Grain == grain) is { Event: not null } last ? last.Reason : null;
}
