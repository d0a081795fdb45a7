using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Serialization;

namespace GovOrleans.Runtime.Storage;

/// <summary>
/// A grain storage held in process memory, for tests and development. It stores serialized JSON, never the
/// caller's object, so a grain mutating its state after a write cannot change what is stored; versions and
/// conflicts behave exactly as in the database providers.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<(GrainId GrainId, string StateName), Row> _rows = [];
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        Row? row;
        lock (_lock)
        {
            _rows.TryGetValue((grainId, stateName), out row);
        }

        try
        {
            grainState.State = row?.Payload is { } payload
                ? GrainStateJson.Deserialize<T>(payload) ?? GrainStateDefaults.Create<T>()
                : GrainStateDefaults.Create<T>();
            grainState.RecordExists = row?.Payload is not null;
            grainState.ETag = row is null ? null : GrainStateVersion.Format(row.Version);
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        try
        {
            var expected = GrainStateVersion.ParseExpected(grainState.ETag, stateName, grainId);
            var payload = GrainStateJson.Serialize(grainState.State);
            var version = Store(stateName, grainId, payload, expected, isClear: false);
            grainState.ETag = GrainStateVersion.Format(version);
            grainState.RecordExists = true;
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            // Fail the task like the database providers do, rather than throwing at the call.
            return Task.FromException(exception);
        }
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        try
        {
            var expected = GrainStateVersion.ParseExpected(grainState.ETag, stateName, grainId);
            var version = Store(stateName, grainId, payload: null, expected, isClear: true);
            grainState.ETag = GrainStateVersion.Format(version);
            grainState.RecordExists = false;
            grainState.State = GrainStateDefaults.Create<T>();
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    private int? Store(string stateName, GrainId grainId, byte[]? payload, int? expected, bool isClear)
    {
        lock (_lock)
        {
            var key = (grainId, stateName);
            var stored = _rows.TryGetValue(key, out var row) ? row.Version : (int?)null;
            if (stored != expected)
            {
                throw GrainStateVersion.Conflict(stateName, grainId, stored, expected);
            }

            if (isClear && stored is null)
            {
                // Nothing to clear: no tombstone is needed while no version has ever been handed out.
                return null;
            }

            var version = (stored ?? 0) + 1;
            _rows[key] = new Row(payload, version);
            return version;
        }
    }

    private sealed record Row(byte[]? Payload, int Version);
}
