using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Reminders.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace GovOrleans.Runtime.Tests.Reminders;

public sealed class SqliteReminderTableTests : ReminderTableConformanceTests
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("govorleans-sqlite-");

    private string DatabasePath => Path.Combine(_directory.FullName, "data", "govorleans.db");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task ReadRow_AfterReopeningTheFile_ReturnsStoredReminder()
    {
        var grainId = new GovOrleans.Runtime.Abstractions.GrainId(new("case"), "durable");
        var eTag = await Table.UpsertRowAsync(new ReminderEntry(grainId, "daily", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1), null));
        await ((IAsyncDisposable)Table).DisposeAsync();

        await using var reopened = (SqliteReminderTable)await CreateTableAsync("govorleans");

        Assert.Equal(eTag, (await reopened.ReadRowAsync(grainId, "daily"))?.ETag);
    }

    [Fact]
    public async Task Init_TableWithoutLastTick_AddsItAndCountsTheLatestDueTickAsDelivered()
    {
        // The table as the release before tick claims created it: one reminder that ticked twice already, one not yet due.
        var path = Path.Combine(_directory.FullName, "old.db");
        var start = DateTimeOffset.UtcNow.AddSeconds(-150).ToUnixTimeMilliseconds();
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                CREATE TABLE govorleans_reminders (service_id TEXT NOT NULL, grain_id TEXT NOT NULL, reminder_name TEXT NOT NULL,
                    start_time INTEGER NOT NULL, period_ms INTEGER NOT NULL, grain_hash INTEGER NOT NULL, version INTEGER NOT NULL,
                    PRIMARY KEY (service_id, grain_id, reminder_name));
                INSERT INTO govorleans_reminders VALUES ('govorleans', 'case/old', 'deadline', {start}, 60000, 1, 3);
                INSERT INTO govorleans_reminders VALUES ('govorleans', 'case/later', 'deadline', {start + 3_600_000}, 60000, 2, 1);
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var table = new SqliteReminderTable(
            new SqliteReminderTableOptions { ConnectionString = $"Data Source={path}", ServiceId = "govorleans" }, NullLogger<SqliteReminderTable>.Instance);
        await table.InitAsync(CancellationToken.None);

        var old = await table.ReadRowAsync(GovOrleans.Runtime.Abstractions.GrainId.Parse("case/old"), "deadline");
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(start + 120_000), old?.LastTick);
        Assert.False(await table.TryClaimTickAsync(old!.GrainId, "deadline", "3", old.LastTick!.Value));
        Assert.Null((await table.ReadRowAsync(GovOrleans.Runtime.Abstractions.GrainId.Parse("case/later"), "deadline"))?.LastTick);
    }

    protected override Task<IReminderTable> CreateTableAsync(string serviceId) => Task.FromResult<IReminderTable>(new SqliteReminderTable(
        new SqliteReminderTableOptions { ConnectionString = $"Data Source={DatabasePath}", ServiceId = serviceId },
        NullLogger<SqliteReminderTable>.Instance));
}
