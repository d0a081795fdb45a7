using GovOrleans.Runtime.GrainDirectory;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Membership;
using GovOrleans.Runtime.Membership.Postgres;
using GovOrleans.Runtime.Membership.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Tests.Membership;

public sealed class ClusteringSiloBuilderExtensionsTests
{
    [Fact]
    public async Task UseInMemoryClustering_SharedInstance_ResolvesItAsBothTables()
    {
        var shared = new InMemoryClusterTables();
        var builder = new TestSiloBuilder();
        builder.UsePostgresClustering(o => o.ConnectionString = "Host=127.0.0.1;Database=x");

        builder.UseInMemoryClustering(shared);

        await using var services = builder.Services.BuildServiceProvider();
        Assert.Same(shared, services.GetRequiredService<IMembershipTable>());
        Assert.Same(shared, services.GetRequiredService<IGrainDirectoryTable>());
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IMembershipTable));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IGrainDirectoryTable));
    }

    [Fact]
    public async Task UseSqliteClustering_Configured_OneInstanceForBothTablesInTheSilosCluster()
    {
        var directory = Directory.CreateTempSubdirectory("govorleans-cluster-");
        try
        {
            var options = new SqliteClusteringOptions { ConnectionString = $"Data Source={directory.FullName}/cluster.db" };
            var builder = new TestSiloBuilder();
            builder.Services.Configure<SiloOptions>(o => o.ClusterId = "blue");
            builder.UseSqliteClustering(o => o.ConnectionString = options.ConnectionString);

            await using (var services = builder.Services.BuildServiceProvider())
            {
                var membership = Assert.IsType<SqliteClusterTables>(services.GetRequiredService<IMembershipTable>());
                Assert.Same(membership, services.GetRequiredService<IGrainDirectoryTable>());
                var silo = new SiloAddress("10.0.0.1", 11111, 1);
                var entry = new MembershipEntry(silo, "pod", SiloStatus.Active, 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
                Assert.True(await membership.InsertAsync(entry, 0, CancellationToken.None));
            }

            await using var blue = new SqliteClusterTables(options, "blue", NullLogger<SqliteClusterTables>.Instance);
            Assert.Single((await blue.ReadAllAsync(CancellationToken.None)).Entries);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task UsePostgresClustering_AfterSqlite_ReplacesBothTables()
    {
        var builder = new TestSiloBuilder();
        builder.UseSqliteClustering(o => o.ConnectionString = "Data Source=:memory:");

        builder.UsePostgresClustering(o => o.ConnectionString = "Host=127.0.0.1;Database=x");

        await using var services = builder.Services.BuildServiceProvider();
        var membership = Assert.IsType<PostgresClusterTables>(services.GetRequiredService<IMembershipTable>());
        Assert.Same(membership, services.GetRequiredService<IGrainDirectoryTable>());
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IMembershipTable));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IGrainDirectoryTable));
    }

    [Fact]
    public async Task UsePostgresClustering_MissingConnectionString_FailsValidation()
    {
        var builder = new TestSiloBuilder();
        builder.UsePostgresClustering(_ => { });

        await using var services = builder.Services.BuildServiceProvider();
        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IMembershipTable>());

        Assert.Contains(exception.Failures, f => f.Contains("ConnectionString", StringComparison.Ordinal));
        Assert.Equal(typeof(PostgresClusteringOptions), exception.OptionsType);
    }
}
