using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Cluster;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>The router's grain location cache stays within Silo:Transport:MaxCachedLocations, and calls still find their grains.</summary>
[Trait("Category", "Cluster")]
public sealed class ClusterLocationCacheTests
{
    private const int Bound = 8;

    [Fact]
    public async Task LocationsBeyondTheBound_AreForgotten_AndCallsStillReachTheirGrains()
    {
        var (cluster, tracker) = await ClusterTestHarness.StartAsync(
            1, builder => builder.WithSetting("Silo:Transport:MaxCachedLocations", Bound.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await using var _ = cluster;
        var client = await cluster.CreateClientAsync();
        var keys = Enumerable.Range(0, 48).Select(i => $"located-{i}").ToList();
        foreach (var key in keys)
        {
            await client.GrainFactory.GetGrain<IClusterProbeGrain>(key).AddAsync(1);
        }

        // A joining silo owns part of the ring, but the grains stay on silo-0: every call to such a grain is redirected
        // by the new owner, and the client learns the grain's location.
        var added = await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        var router = client.Services.GetRequiredService<ClusterRouter>();
        var membership = client.Services.GetRequiredService<ClusterMembership>();
        var redirected = keys.Count(k =>
            membership.View.GatewayRing.Owner(client.GrainFactory.GetGrain<IClusterProbeGrain>(k).GetGrainId().GetUniformHashCode()) == added.Address);
        Assert.True(redirected > Bound, $"only {redirected} of {keys.Count} grains moved owner; the test needs more than {Bound}");

        for (var round = 0; round < 3; round++)
        {
            foreach (var key in keys)
            {
                Assert.Equal("silo-0", await client.GrainFactory.GetGrain<IClusterProbeGrain>(key).WhereAsync());
                Assert.True(router.CachedLocations <= Bound, $"round {round}, {key}: {router.CachedLocations} cached locations");
            }
        }

        Assert.InRange(router.CachedLocations, 1, Bound);
        foreach (var silo in cluster.Silos)
        {
            Assert.True(silo.Services.GetRequiredService<ClusterRouter>().CachedLocations <= Bound, silo.Name);
        }

        // State went through the same activations: each grain counted its one add, and none was activated twice.
        foreach (var key in keys)
        {
            Assert.Equal(1, await client.GrainFactory.GetGrain<IClusterProbeGrain>(key).GetAsync());
        }

        Assert.Empty(tracker.Violations);
        Assert.Equal(keys.Count, tracker.TotalActivations);
    }
}
