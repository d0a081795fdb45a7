using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Storage;
using Xunit;

namespace GovOrleans.Runtime.Testing;

/// <summary>
/// An xunit fixture holding one silo for a whole test collection: memory storage named "Default" and an
/// in-memory reminder table unless <see cref="Configure"/> says otherwise. Tests isolate themselves with
/// fresh grain keys. Share it with <c>[CollectionDefinition] … ICollectionFixture&lt;InProcessClusterFixture&gt;</c>.
/// </summary>
public class InProcessClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    /// <summary>The running silo.</summary>
    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not been initialized.");

    /// <summary>The silo's grain factory.</summary>
    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder().ConfigureSilo(silo => silo.AddMemoryGrainStorage().UseInMemoryReminderTable());
        Configure(builder);
        _cluster = await builder.BuildAndStartAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Adjusts the silo before it starts.</summary>
    protected virtual void Configure(InProcessTestClusterBuilder builder)
    {
    }
}
