using GovOrleans.GrainInterfaces.Diagnostics;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace GovOrleans.Grains.Diagnostics;

/// <summary>
/// Counts its activations in its own state on activation, so a second concurrent activation would fail its first
/// write on the stale ETag instead of silently diverging.
/// </summary>
[GrainType("canary")]
public sealed class CanaryGrain([PersistentState("canary")] IPersistentState<CanaryState> state, IOptions<SiloOptions> silo) : Grain, ICanaryGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Activations++;
        await state.WriteStateAsync(cancellationToken);
    }

    public async Task<CanaryBeat> BeatAsync(long sequence)
    {
        state.State.LastSequence = Math.Max(state.State.LastSequence, sequence);
        state.State.Beats++;
        await state.WriteStateAsync();
        return new CanaryBeat(sequence, _activationId, silo.Value.SiloName);
    }

    public Task<CanaryState> GetAsync() => Task.FromResult(new CanaryState
    {
        LastSequence = state.State.LastSequence,
        Beats = state.State.Beats,
        Activations = state.State.Activations,
    });
}
