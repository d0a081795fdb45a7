using GovOrleans.Runtime.Membership;

namespace GovOrleans.Runtime.Tests.Membership;

public sealed class InMemoryClusterTablesTests : ClusterTablesConformanceTests
{
    // One shared instance per cluster id, as a test cluster gives its silos.
    private readonly Dictionary<string, InMemoryClusterTables> _clusters = [];

    protected override Task<IMembershipTable> CreateTablesAsync(string clusterId)
    {
        if (!_clusters.TryGetValue(clusterId, out var tables))
        {
            _clusters[clusterId] = tables = new InMemoryClusterTables();
        }

        return Task.FromResult<IMembershipTable>(tables);
    }
}
