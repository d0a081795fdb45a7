using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Storage.Postgres;
using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GovOrleans.Runtime.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture postgres) : BatchedGrainStorageConformanceTests
{
    private string? _connectionString;

    private string ConnectionString => _connectionString ?? throw new InvalidOperationException("No database yet.");

    [Fact]
    public async Task WriteState_ConcurrentWrites_AreGroupCommitted()
    {
        await ReadAsync(NewGrainId());
        var gate = BatchGate.Install(((PostgresGrainStorage)Storage).Writer);
        var grains = Enumerable.Range(0, 300).Select(i => (Id: NewGrainId(), State: NewState($"grain {i}"))).ToArray();

        var writes = grains.Select(g => Storage.WriteStateAsync(StateName, g.Id, g.State)).ToList();
        await gate.FirstBatchStarted.Within("first batch starting");
        gate.Release();
        await Task.WhenAll(writes).Within("concurrent writes");

        Assert.Equal(grains.Length, gate.BatchSizes.Sum());
        Assert.True(gate.BatchSizes.Max() > 1, $"Batch sizes: {string.Join(", ", gate.BatchSizes)}");
        Assert.All(gate.BatchSizes, size => Assert.InRange(size, 1, 128));
        Assert.All(grains, g => Assert.Equal("1", g.State.ETag));
    }

    [Fact]
    public async Task WriteState_PayloadRefusedByJsonb_FailsOnlyThatWrite()
    {
        await using var lane = await CreateSingleLaneStorageAsync();
        await ReadAsync(NewGrainId(), lane.Storage);
        var gate = BatchGate.Install(lane.Writer);
        var held = lane.Storage.WriteStateAsync(StateName, NewGrainId(), NewState("held"));
        await gate.FirstBatchStarted.Within("first batch starting");
        var good = Enumerable.Range(0, 4).Select(i => (Id: NewGrainId(), State: NewState($"good {i}"))).ToArray();
        var goodWrites = good.Select(g => lane.Storage.WriteStateAsync(StateName, g.Id, g.State)).ToList();
        var badId = NewGrainId();
        var badWrite = lane.Storage.WriteStateAsync(StateName, badId, NewState("nul \u0000 character"));
        gate.Release();

        await held.Within("held batch");
        await Task.WhenAll(goodWrites).Within("good writes");
        var exception = await Assert.ThrowsAsync<PostgresException>(() => badWrite);
        Assert.StartsWith("22", exception.SqlState, StringComparison.Ordinal);
        Assert.All(good, g => Assert.Equal("1", g.State.ETag));
        Assert.Null((await ReadAsync(badId)).ETag);
    }

    [Fact]
    public async Task WriteState_Payload_IsQueryableJsonb()
    {
        var grainId = NewGrainId();
        await Storage.WriteStateAsync(StateName, grainId, NewState("Queryable", CaseStatus.Approved));

        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT grain_key FROM govorleans_grain_state WHERE payload @> '{\"status\": \"Approved\", \"title\": \"Queryable\"}'::jsonb");
        Assert.Equal(grainId.Key, (string?)await command.ExecuteScalarAsync());
    }

    protected override async Task<IGrainStorage> CreateStorageAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync("storage");
        return CreateStorage(new PostgresStorageOptions { ConnectionString = ConnectionString });
    }

    private protected override Task<SingleLane> CreateSingleLaneStorageAsync()
    {
        var storage = CreateStorage(new PostgresStorageOptions { ConnectionString = ConnectionString, MaxConcurrentBatches = 1 });
        return Task.FromResult(new SingleLane(storage, storage.Writer));
    }

    private static PostgresGrainStorage CreateStorage(PostgresStorageOptions options) =>
        new("test", options, TimeProvider.System, NullLogger<PostgresGrainStorage>.Instance);
}
