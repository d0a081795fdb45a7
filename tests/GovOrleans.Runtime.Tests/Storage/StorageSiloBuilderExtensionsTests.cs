using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Storage.Postgres;
using GovOrleans.Runtime.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Tests.Storage;

public sealed class StorageSiloBuilderExtensionsTests
{
    [Fact]
    public async Task AddMemoryGrainStorage_NoName_RegistersDefaultProvider()
    {
        var builder = new TestSiloBuilder();

        builder.AddMemoryGrainStorage();

        await using var services = builder.Services.BuildServiceProvider();
        Assert.IsType<MemoryGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName));
    }

    [Fact]
    public async Task AddSqliteGrainStorage_TwoNames_RegistersSeparateProviders()
    {
        var directory = Directory.CreateTempSubdirectory("govorleans-sqlite-");
        try
        {
            var builder = new TestSiloBuilder();
            builder.AddSqliteGrainStorage("Default", o => o.ConnectionString = $"Data Source={directory.FullName}/a.db");
            builder.AddSqliteGrainStorage("Archive", o => o.ConnectionString = $"Data Source={directory.FullName}/b.db");

            await using (var services = builder.Services.BuildServiceProvider())
            {
                var first = services.GetRequiredKeyedService<IGrainStorage>("Default");
                var second = services.GetRequiredKeyedService<IGrainStorage>("Archive");

                Assert.IsType<SqliteGrainStorage>(first);
                Assert.IsType<SqliteGrainStorage>(second);
                Assert.NotSame(first, second);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AddPostgresGrainStorage_MissingConnectionStringAndServiceId_ReportsBothFailures()
    {
        var builder = new TestSiloBuilder();
        builder.AddPostgresGrainStorage("Default", o => o.ServiceId = " ");

        await using var services = builder.Services.BuildServiceProvider();
        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredKeyedService<IGrainStorage>("Default"));

        Assert.Equal(2, exception.Failures.Count());
        Assert.Contains(exception.Failures, f => f.Contains("ConnectionString", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains("ServiceId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddPostgresGrainStorage_BatchSizeOutOfRange_FailsDataAnnotations()
    {
        var builder = new TestSiloBuilder();
        builder.AddPostgresGrainStorage("Default", o =>
        {
            o.ConnectionString = "Host=127.0.0.1;Database=x";
            o.MaxBatchSize = 0;
        });

        await using var services = builder.Services.BuildServiceProvider();
        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get("Default"));

        Assert.Contains(exception.Failures, f => f.Contains(nameof(PostgresStorageOptions.MaxBatchSize), StringComparison.Ordinal));
    }
}
