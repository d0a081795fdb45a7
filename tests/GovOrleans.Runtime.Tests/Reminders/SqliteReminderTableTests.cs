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

    protected override Task<IReminderTable> CreateTableAsync(string serviceId) => Task.FromResult<IReminderTable>(new SqliteReminderTable(
        new SqliteReminderTableOptions { ConnectionString = $"Data Source={DatabasePath}", ServiceId = serviceId },
        NullLogger<SqliteReminderTable>.Instance));
}
