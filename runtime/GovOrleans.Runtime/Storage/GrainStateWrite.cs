using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Storage;

/// <summary>
/// One queued write or clear. The payload is serialized before queuing so that the caller's state object is never
/// touched by the writer thread and a serialization error fails only that caller.
/// </summary>
internal sealed class GrainStateWrite(GrainId grainId, string stateName, byte[]? payload, int? expectedVersion)
{
    public GrainId GrainId { get; } = grainId;

    public string StateName { get; } = stateName;

    /// <summary>The UTF-8 JSON to store, or null for a clear (a tombstone row).</summary>
    public byte[]? Payload { get; } = payload;

    public bool IsClear => Payload is null;

    /// <summary>The version the caller read, or null when it believes no row exists.</summary>
    public int? ExpectedVersion { get; } = expectedVersion;

    /// <summary>
    /// Completes with the new stored version (null after clearing a row that never existed), or faults with
    /// <see cref="Abstractions.Storage.InconsistentStateException"/>. Continuations run asynchronously so that callers
    /// never run on, and stall, the writer loop.
    /// </summary>
    public TaskCompletionSource<int?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Succeed(int? newVersion) => Completion.TrySetResult(newVersion);

    public void Conflict(int? storedVersion) =>
        Completion.TrySetException(GrainStateVersion.Conflict(StateName, GrainId, storedVersion, ExpectedVersion));

    /// <summary>Compares rows in a fixed total order; batches take row locks in this order, so they cannot deadlock.</summary>
    public static int CompareRows(GrainStateWrite x, GrainStateWrite y)
    {
        var result = string.CompareOrdinal(x.GrainId.Type.Value, y.GrainId.Type.Value);
        if (result == 0)
        {
            result = string.CompareOrdinal(x.GrainId.Key, y.GrainId.Key);
        }

        return result != 0 ? result : string.CompareOrdinal(x.StateName, y.StateName);
    }
}
