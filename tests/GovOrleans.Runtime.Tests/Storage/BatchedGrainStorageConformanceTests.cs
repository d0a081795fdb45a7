using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Storage;

namespace GovOrleans.Runtime.Tests.Storage;

/// <summary>
/// Conformance plus the group-commit guarantees of the database providers: within one batch every write gets its
/// own outcome, and queued writes are committed before shutdown returns.
/// </summary>
public abstract class BatchedGrainStorageConformanceTests : GrainStorageConformanceTests
{
    [Fact]
    public async Task WriteState_BatchWithOneStaleWrite_CommitsTheOthers()
    {
        await using var lane = await CreateSingleLaneStorageAsync();
        var existing = NewGrainId();
        var stale = NewState("v1");
        await lane.Storage.WriteStateAsync(StateName, existing, stale);
        var current = await ReadAsync(existing, lane.Storage);
        current.State.Title = "v2";
        await lane.Storage.WriteStateAsync(StateName, existing, current);

        var gate = BatchGate.Install(lane.Writer);
        var held = lane.Storage.WriteStateAsync(StateName, NewGrainId(), NewState("held"));
        await gate.FirstBatchStarted.Within("first batch starting");
        var fresh = Enumerable.Range(0, 10).Select(i => (Id: NewGrainId(), State: NewState($"fresh {i}"))).ToArray();
        var freshWrites = fresh.Select(f => lane.Storage.WriteStateAsync(StateName, f.Id, f.State)).ToList();
        stale.State.Title = "stale";
        var staleWrite = lane.Storage.WriteStateAsync(StateName, existing, stale);
        gate.Release();

        await held.Within("held batch");
        await Task.WhenAll(freshWrites).Within("fresh writes");
        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        Assert.Equal([1, 11], gate.BatchSizes);
        foreach (var (id, state) in fresh)
        {
            Assert.Equal("1", state.ETag);
            Assert.Equal(state.State.Title, (await ReadAsync(id, lane.Storage)).State.Title);
        }

        var stored = await ReadAsync(existing, lane.Storage);
        Assert.Equal("v2", stored.State.Title);
        Assert.Equal("2", stored.ETag);
    }

    [Fact]
    public async Task WriteState_SameRowTwiceInOneBatch_SecondConflicts()
    {
        await using var lane = await CreateSingleLaneStorageAsync();
        var grainId = NewGrainId();
        await lane.Storage.WriteStateAsync(StateName, grainId, NewState("v1"));
        var first = await ReadAsync(grainId, lane.Storage);
        var second = await ReadAsync(grainId, lane.Storage);

        var gate = BatchGate.Install(lane.Writer);
        var held = lane.Storage.WriteStateAsync(StateName, NewGrainId(), NewState("held"));
        await gate.FirstBatchStarted.Within("first batch starting");
        first.State.Title = "first";
        var firstWrite = lane.Storage.WriteStateAsync(StateName, grainId, first);
        second.State.Title = "second";
        var secondWrite = lane.Storage.WriteStateAsync(StateName, grainId, second);
        gate.Release();

        await held.Within("held batch");
        await firstWrite.Within("first write");
        await Assert.ThrowsAsync<InconsistentStateException>(() => secondWrite);
        Assert.Equal([1, 2], gate.BatchSizes);
        Assert.Equal("2", first.ETag);
        var stored = await ReadAsync(grainId, lane.Storage);
        Assert.Equal("first", stored.State.Title);
        Assert.Equal("2", stored.ETag);
    }

    [Fact]
    public async Task DisposeAsync_WritesStillQueued_CommitsThemBeforeReturning()
    {
        var lane = await CreateSingleLaneStorageAsync();
        await ReadAsync(NewGrainId(), lane.Storage);
        var gate = BatchGate.Install(lane.Writer);
        var grains = Enumerable.Range(0, 5).Select(i => (Id: NewGrainId(), State: NewState($"queued {i}"))).ToArray();
        var writes = grains.Select(g => lane.Storage.WriteStateAsync(StateName, g.Id, g.State)).ToList();
        await gate.FirstBatchStarted.Within("first batch starting");

        var disposing = lane.DisposeAsync().AsTask();
        gate.Release();
        await disposing.Within("dispose");

        // Read through the other provider before awaiting the writers: the rows must already be committed.
        foreach (var (id, state) in grains)
        {
            Assert.Equal(state.State.Title, (await ReadAsync(id)).State.Title);
        }

        await Task.WhenAll(writes).Within("queued writes");
        Assert.All(grains, g => Assert.Equal("1", g.State.ETag));

        await Assert.ThrowsAsync<ObjectDisposedException>(() => lane.Storage.WriteStateAsync(StateName, NewGrainId(), NewState("late")));
    }

    /// <summary>A second provider on the same database whose writer runs one batch at a time.</summary>
    private protected abstract Task<SingleLane> CreateSingleLaneStorageAsync();

    private protected sealed class SingleLane(IGrainStorage storage, GrainStateWriteBatcher writer) : IAsyncDisposable
    {
        public IGrainStorage Storage { get; } = storage;

        public GrainStateWriteBatcher Writer { get; } = writer;

        public ValueTask DisposeAsync() => ((IAsyncDisposable)Storage).DisposeAsync();
    }
}
