using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Testing;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>A clustered in-process cluster whose silos share one grain storage and one activation tracker.</summary>
internal static class ClusterTestHarness
{
    public static async Task<(InProcessTestCluster Cluster, ActivationTracker Tracker)> StartAsync(
        int silos, Action<InProcessTestClusterBuilder>? configure = null)
    {
        var tracker = new ActivationTracker();
        var storage = new MemoryGrainStorage();
        var builder = new InProcessTestClusterBuilder()
            .WithClusteredSilos(silos)
            .ConfigureServices(services => services.AddTestGrainServices().AddSingleton(tracker))
            .ConfigureSilo(silo => silo.Services.AddKeyedSingleton<IGrainStorage>(PersistentStateAttribute.DefaultStorageName, storage));
        configure?.Invoke(builder);
        var cluster = await builder.BuildAndStartAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        return (cluster, tracker);
    }
}
