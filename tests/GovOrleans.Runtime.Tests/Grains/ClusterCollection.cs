using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Grains;

/// <summary>The shared silo for tests that need no special configuration.</summary>
public sealed class SharedClusterFixture : InProcessClusterFixture
{
    protected override void Configure(InProcessTestClusterBuilder builder) =>
        builder.ConfigureServices(services => services.AddTestGrainServices());
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "Cluster";
}
