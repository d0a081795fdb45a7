using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Reminders.Postgres;
using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GovOrleans.Runtime.Tests.Reminders;

[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresFixture postgres) : ReminderTableConformanceTests
{
    private string? _connectionString;

    protected override async Task<IReminderTable> CreateTableAsync(string serviceId)
    {
        _connectionString ??= await postgres.CreateDatabaseAsync("reminders");
        return new PostgresReminderTable(
            new PostgresReminderTableOptions { ConnectionString = _connectionString, ServiceId = serviceId },
            NullLogger<PostgresReminderTable>.Instance);
    }
}
