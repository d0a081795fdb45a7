using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace GovOrleans.Runtime.Tests.Storage;

public sealed class SqliteGrainStorageTests : BatchedGrainStorageConformanceTests
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("govorleans-sqlite-");

    // A directory that does not exist yet: the provider must create it.
    private string DatabasePath => Path.Combine(_directory.FullName, "data", "govorleans.db");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task ReadState_AfterReopeningTheFile_ReturnsCommittedState()
    {
        var grainId = NewGrainId();
        var state = NewState("durable", CaseStatus.Submitted);
        await Storage.WriteStateAsync(StateName, grainId, state);
        await ((IAsyncDisposable)Storage).DisposeAsync();

        await using var reopened = CreateStorage();
        var read = await ReadAsync(grainId, reopened);

        Assert.Equal("durable", read.State.Title);
        Assert.Equal(CaseStatus.Submitted, read.State.Status);
        Assert.Equal("1", read.ETag);
    }

    [Fact]
    public async Task WriteState_NewDatabase_CreatesDirectoryAndUsesWriteAheadLog()
    {
        await Storage.WriteStateAsync(StateName, NewGrainId(), NewState("first"));

        Assert.True(File.Exists(DatabasePath));
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task WriteState_Payload_IsStoredAsQueryableJsonText()
    {
        var grainId = NewGrainId();
        await Storage.WriteStateAsync(StateName, grainId, NewState("Queryable", CaseStatus.Approved));

        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_extract(payload, '$.status') FROM govorleans_grain_state WHERE grain_key = $key;";
        command.Parameters.AddWithValue("$key", grainId.Key);
        Assert.Equal("Approved", (string?)await command.ExecuteScalarAsync());
    }

    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(CreateStorage());

    private protected override Task<SingleLane> CreateSingleLaneStorageAsync()
    {
        var storage = CreateStorage();
        return Task.FromResult(new SingleLane(storage, storage.Writer));
    }

    private SqliteGrainStorage CreateStorage() => new(
        "test",
        new SqliteStorageOptions { ConnectionString = $"Data Source={DatabasePath}" },
        TimeProvider.System,
        NullLogger<SqliteGrainStorage>.Instance);
}
