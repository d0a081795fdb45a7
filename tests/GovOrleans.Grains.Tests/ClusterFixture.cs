using GovOrleans.Grains.Cases;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Grains.Tests;

/// <summary>One in-memory silo with the test municipality seeded, shared by the grain tests (fresh keys per test). Time does not move.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public IGrainFactory Grains => Cluster.GrainFactory;

    public RecordingSink Sink { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public async Task InitializeAsync()
    {
        _cluster = await new InProcessTestClusterBuilder()
            .UseTimeProvider(Time)
            .ConfigureSilo(silo => silo.AddMemoryGrainStorage().UseInMemoryReminderTable().AddCaseManagement())
            .ConfigureServices(services => services.AddSingleton<ICaseEventSink>(Sink))
            .BuildAndStartAsync();
        await TestMunicipality.SeedAsync(Grains);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster";
}
