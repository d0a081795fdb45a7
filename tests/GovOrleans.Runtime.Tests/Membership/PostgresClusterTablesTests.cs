using System.Runtime.CompilerServices;
using GovOrleans.Runtime.Membership;
using GovOrleans.Runtime.Membership.Postgres;
using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GovOrleans.Runtime.Tests.Membership;

[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTablesTests(PostgresFixture postgres) : ClusterTablesConformanceTests
{
    // One database for the whole class: every test uses a cluster id of its own.
    private static readonly ConditionalWeakTable<PostgresFixture, Task<string>> Databases = new();

    protected override async Task<IMembershipTable> CreateTablesAsync(string clusterId) => new PostgresClusterTables(
        new PostgresClusteringOptions { ConnectionString = await Databases.GetValue(postgres, fixture => fixture.CreateDatabaseAsync("clustering")) },
        clusterId,
        NullLogger<PostgresClusterTables>.Instance);
}
