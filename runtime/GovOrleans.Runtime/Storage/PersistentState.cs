using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Diagnostics;

namespace GovOrleans.Runtime.Storage;

/// <summary>
/// The <see cref="IPersistentState{T}"/> a grain gets. A stale ETag on write or clear means another activation
/// or writer moved the row on: the exception reaches the grain and this activation is deactivated after the
/// current request, so the next call starts from what is actually stored.
/// </summary>
internal sealed class PersistentState<T>(string stateName, IGrainStorage storage, ActivationData activation)
    : IPersistentState<T>, IActivationStateLoader
{
    private readonly GrainState<T> _grainState = new(CreateDefault());

    public T State
    {
        get => _grainState.State;
        set => _grainState.State = value;
    }

    public string? Etag => _grainState.ETag;

    public bool RecordExists => _grainState.RecordExists;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var _ = RuntimeDiagnostics.StorageOperation("read");
        await storage.ReadStateAsync(stateName, activation.GrainId, _grainState);
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var _ = RuntimeDiagnostics.StorageOperation("write");
            await storage.WriteStateAsync(stateName, activation.GrainId, _grainState);
        }
        catch (InconsistentStateException ex)
        {
            activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.InconsistentState, "Stale ETag on write", ex));
            throw;
        }
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var _ = RuntimeDiagnostics.StorageOperation("clear");
            await storage.ClearStateAsync(stateName, activation.GrainId, _grainState);
        }
        catch (InconsistentStateException ex)
        {
            activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.InconsistentState, "Stale ETag on clear", ex));
            throw;
        }
    }

    private static T CreateDefault() =>
        typeof(T).IsValueType || typeof(T).GetConstructor(Type.EmptyTypes) is null ? default! : Activator.CreateInstance<T>();
}
