using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Reminders.Postgres;
using GovOrleans.Runtime.Reminders.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Tests.Reminders;

public sealed class ReminderSiloBuilderExtensionsTests
{
    [Fact]
    public async Task UseInMemoryReminderTable_AfterAnotherTable_ReplacesIt()
    {
        var builder = new TestSiloBuilder();
        builder.UsePostgresReminderTable(o => o.ConnectionString = "Host=127.0.0.1;Database=x");

        builder.UseInMemoryReminderTable();

        await using var services = builder.Services.BuildServiceProvider();
        Assert.IsType<InMemoryReminderTable>(services.GetRequiredService<IReminderTable>());
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IReminderTable));
    }

    [Fact]
    public async Task UseSqliteReminderTable_Configured_ResolvesSqliteTable()
    {
        var directory = Directory.CreateTempSubdirectory("govorleans-sqlite-");
        try
        {
            var builder = new TestSiloBuilder();
            builder.UseSqliteReminderTable(o => o.ConnectionString = $"Data Source={directory.FullName}/r.db");

            await using var services = builder.Services.BuildServiceProvider();
            Assert.IsType<SqliteReminderTable>(services.GetRequiredService<IReminderTable>());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task UsePostgresReminderTable_MissingConnectionString_FailsValidation()
    {
        var builder = new TestSiloBuilder();
        builder.UsePostgresReminderTable(_ => { });

        await using var services = builder.Services.BuildServiceProvider();
        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IReminderTable>());

        Assert.Contains(exception.Failures, f => f.Contains("ConnectionString", StringComparison.Ordinal));
        Assert.Equal(typeof(PostgresReminderTableOptions), exception.OptionsType);
    }
}
