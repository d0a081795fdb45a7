using GovOrleans.GrainInterfaces.Cases;

namespace GovOrleans.Grains.Cases;

/// <summary>
/// A consumer of case events outside the grains (e.g. the gateway's server-sent events hub), registered in the silo's
/// services. Delivery is at least once and in order per case; an exception leaves the event in the case's outbox and it is
/// offered again later, so implementations must tolerate repeats (by <see cref="CaseEvent.EventId"/>).
/// </summary>
public interface ICaseEventSink
{
    /// <summary>Receives one event.</summary>
    Task PublishAsync(CaseEvent e, CancellationToken ct);
}
