using GovOrleans.Runtime.Membership;
using GovOrleans.Runtime.Membership.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace GovOrleans.Runtime.Tests.Membership;

public sealed class SqliteClusterTablesTests : ClusterTablesConformanceTests
{
    private readonly DirectoryInfo _directory = System.IO.Directory.CreateTempSubdirectory("govorleans-cluster-");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task ReadAll_AfterReopeningTheFile_ReturnsStoredRows()
    {
        var silo = new SiloAddress("10.0.0.9", 11111, 42);
        Assert.True(await Membership.InsertAsync(new MembershipEntry(silo, "pod", SiloStatus.Active, 30000, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch), 0, CancellationToken.None));
        await ((IAsyncDisposable)Membership).DisposeAsync();

        await using var reopened = (SqliteClusterTables)await CreateTablesAsync(ClusterId);

        Assert.Equal(silo, Assert.Single((await reopened.ReadAllAsync(CancellationToken.None)).Entries).Address);
    }

    // Each instance has its own connections and writer queue, as a silo in another process would.
    protected override Task<IMembershipTable> CreateTablesAsync(string clusterId) => Task.FromResult<IMembershipTable>(new SqliteClusterTables(
        new SqliteClusteringOptions { ConnectionString = $"Data Source={Path.Combine(_directory.FullName, "data", "cluster.db")}" },
        clusterId,
        NullLogger<SqliteClusterTables>.Instance));
}
