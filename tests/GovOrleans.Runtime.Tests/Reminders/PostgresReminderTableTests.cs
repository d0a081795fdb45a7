using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Reminders.Postgres;
using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GovOrleans.Runtime.Tests.Reminders;

[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresFixture postgres) : ReminderTableConformanceTests
{
    private string? _connectionString;

    [Fact]
    public async Task Init_TableWithoutLastTick_AddsItAndCountsTheLatestDueTickAsDelivered()
    {
        // The table as the release before tick claims created it: one reminder that ticked twice already, one not yet due.
        var database = await postgres.CreateDatabaseAsync("reminders-old");
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                CREATE TABLE govorleans_reminders (service_id text NOT NULL, grain_id text NOT NULL, reminder_name text NOT NULL,
                    start_time timestamptz NOT NULL, period_ms bigint NOT NULL, grain_hash bigint NOT NULL, version integer NOT NULL,
                    CONSTRAINT govorleans_reminders_pkey PRIMARY KEY (service_id, grain_id, reminder_name));
                INSERT INTO govorleans_reminders VALUES ('govorleans', 'case/old', 'deadline', date_trunc('milliseconds', now()) - interval '150 seconds', 60000, 1, 3);
                INSERT INTO govorleans_reminders VALUES ('govorleans', 'case/later', 'deadline', now() + interval '1 hour', 60000, 2, 1);
                """, connection);
            await command.ExecuteNonQueryAsync();
        }

        await using var table = new PostgresReminderTable(
            new PostgresReminderTableOptions { ConnectionString = database, ServiceId = "govorleans" }, NullLogger<PostgresReminderTable>.Instance);
        await table.InitAsync(CancellationToken.None);

        var old = await table.ReadRowAsync(GovOrleans.Runtime.Abstractions.GrainId.Parse("case/old"), "deadline");
        Assert.Equal(old!.StartAt + TimeSpan.FromMinutes(2), old.LastTick);
        Assert.False(await table.TryClaimTickAsync(old.GrainId, "deadline", "3", old.LastTick!.Value));
        Assert.Null((await table.ReadRowAsync(GovOrleans.Runtime.Abstractions.GrainId.Parse("case/later"), "deadline"))?.LastTick);
    }

    protected override async Task<IReminderTable> CreateTableAsync(string serviceId)
    {
        _connectionString ??= await postgres.CreateDatabaseAsync("reminders");
        return new PostgresReminderTable(
            new PostgresReminderTableOptions { ConnectionString = _connectionString, ServiceId = serviceId },
            NullLogger<PostgresReminderTable>.Instance);
    }
}
