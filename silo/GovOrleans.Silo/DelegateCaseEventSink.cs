using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Grains.Cases;

namespace GovOrleans.Silo;

/// <summary>Adapts a host's delegate to <see cref="ICaseEventSink"/>, so hosts subscribe without naming grain types.</summary>
internal sealed class DelegateCaseEventSink(Func<CaseEvent, CancellationToken, Task> handler) : ICaseEventSink
{
    public Task PublishAsync(CaseEvent e, CancellationToken ct) => handler(e, ct);
}
