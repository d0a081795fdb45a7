namespace GovOrleans.Runtime.Abstractions.Storage;

/// <summary>
/// A grain's persistent state, injected into its constructor with <see cref="PersistentStateAttribute"/>.
/// It is loaded before <see cref="Grain.OnActivateAsync"/>; writes happen only when the grain calls them.
/// </summary>
public interface IPersistentState<T>
{
    /// <summary>The current state; mutate it, then call <see cref="WriteStateAsync"/>.</summary>
    T State { get; set; }

    /// <summary>The stored version this activation holds, or null.</summary>
    string? Etag { get; }

    /// <summary>True when a stored row exists.</summary>
    bool RecordExists { get; }

    /// <summary>Re-reads the state from storage.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the state; returns after the store has committed it. A stale ETag throws
    /// <see cref="InconsistentStateException"/> and deactivates the activation once the current request ends.
    /// </summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored state and resets <see cref="State"/> to a new default.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
