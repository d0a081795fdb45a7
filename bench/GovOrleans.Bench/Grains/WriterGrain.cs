using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;

namespace GovOrleans.Bench.Grains;

/// <summary>Mutates its state and awaits <see cref="IPersistentState{T}.WriteStateAsync"/>: one call, one commit.</summary>
public sealed class WriterGrain([PersistentState("state")] IPersistentState<WriterState> state) : Grain, IWriterGrain
{
    public async Task<long> WriteAsync(int value)
    {
        state.State.Apply(value);
        await state.WriteStateAsync();
        return state.State.Sequence;
    }
}
