using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;

namespace GovOrleans.Grains.Catalogue;

/// <summary>The published case types (key <see cref="ICaseTypeCatalogueGrain.Key"/>), told by each case type when it publishes.</summary>
public sealed class CaseTypeCatalogueGrain(
    [PersistentState("catalogue")] IPersistentState<CaseTypeCatalogueState> state) : Grain, ICaseTypeCatalogueGrain
{
    public async Task PublishedAsync(CaseTypeSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (state.State.CaseTypes.TryGetValue(summary.Code, out var known) && known.Version >= summary.Version)
        {
            return;
        }

        state.State.CaseTypes[summary.Code] = summary;
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<CaseTypeSummary>> ListAsync() =>
        Task.FromResult(state.State.CaseTypes.Values.OrderBy(s => s.Code, StringComparer.Ordinal).ToImmutableArray());
}
