namespace GovOrleans.Runtime.Abstractions.Storage;

/// <summary>
/// A grain state store. Rows are keyed by (grain type, grain key, state name), never by key alone.
/// A write or clear whose <see cref="IGrainState{T}.ETag"/> is not the stored version throws
/// <see cref="InconsistentStateException"/> and changes nothing.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the state, or sets the default state with <see cref="IGrainState{T}.RecordExists"/> false.</summary>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Writes the state if the stored version equals the ETag (null: only if no row exists), then sets the new ETag.</summary>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Deletes the state under the same version check, then resets the ETag.</summary>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);
}
