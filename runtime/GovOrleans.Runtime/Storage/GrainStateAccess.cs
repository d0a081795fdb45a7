using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Serialization;

namespace GovOrleans.Runtime.Storage;

/// <summary>
/// The part of a database-backed <see cref="IGrainStorage"/> that does not depend on the database: argument checks,
/// ETag parsing, JSON (de)serialization, one-time schema creation, and handing writes to the group-commit batcher.
/// A provider supplies only how to read one row and how to commit a batch.
/// </summary>
internal sealed class GrainStateAccess(AsyncOnce initialization, GrainStateWriteBatcher writer)
{
    public GrainStateWriteBatcher Writer => writer;

    public async Task ReadAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, Func<string, GrainId, Task<(byte[]? Payload, int? Version)>> readRow)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        await initialization.EnsureAsync().ConfigureAwait(false);
        var (payload, version) = await readRow(stateName, grainId).ConfigureAwait(false);
        grainState.State = payload is null ? GrainStateDefaults.Create<T>() : GrainStateJson.Deserialize<T>(payload) ?? GrainStateDefaults.Create<T>();
        grainState.RecordExists = payload is not null;
        grainState.ETag = GrainStateVersion.Format(version);
    }

    public async Task WriteAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var expected = GrainStateVersion.ParseExpected(grainState.ETag, stateName, grainId);
        var payload = GrainStateJson.Serialize(grainState.State);
        await initialization.EnsureAsync().ConfigureAwait(false);
        var version = await writer.EnqueueAsync(new GrainStateWrite(grainId, stateName, payload, expected)).ConfigureAwait(false);
        grainState.ETag = GrainStateVersion.Format(version);
        grainState.RecordExists = true;
    }

    public async Task ClearAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var expected = GrainStateVersion.ParseExpected(grainState.ETag, stateName, grainId);
        await initialization.EnsureAsync().ConfigureAwait(false);
        var version = await writer.EnqueueAsync(new GrainStateWrite(grainId, stateName, payload: null, expected)).ConfigureAwait(false);
        grainState.ETag = GrainStateVersion.Format(version);
        grainState.RecordExists = false;
        grainState.State = GrainStateDefaults.Create<T>();
    }
}
