using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GovOrleans.Runtime.Testing;

/// <summary>
/// A silo running in the test process, with the real scheduler, catalog, storage providers and reminders.
/// Build one with <see cref="InProcessTestClusterBuilder"/>; dispose it to stop the silo gracefully.
/// </summary>
public sealed class InProcessTestCluster : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    internal InProcessTestCluster(IHost host)
    {
        _host = host;
    }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The grain factory, as the co-hosted gateway would use it.</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's clock (a <see cref="FakeTimeProvider"/> when the test supplied one).</summary>
    public TimeProvider Time => Services.GetRequiredService<TimeProvider>();

    /// <summary>Live activations in the silo.</summary>
    public int ActivationCount => Services.GetRequiredService<Catalog.Catalog>().Count;

    /// <summary>Whether the grain has a live (activating, valid or deactivating) activation.</summary>
    public bool IsActive(GrainId grainId) => Services.GetRequiredService<Catalog.Catalog>().TryGet(grainId, out _);

    /// <summary>Waits for the deactivations started by the most recent idle-collection pass.</summary>
    public Task WaitForIdleCollectionAsync() => Services.GetRequiredService<ActivationCollector>().LastPass;

    /// <summary>Runs an idle-collection pass now and waits for the deactivations it starts.</summary>
    public Task CollectIdleActivationsAsync() => Services.GetRequiredService<ActivationCollector>().Collect();

    /// <summary>Deactivates a grain (as DeactivateOnIdle would) and waits until it has left the silo.</summary>
    public async Task DeactivateAsync(GrainId grainId)
    {
        if (Services.GetRequiredService<Catalog.Catalog>().TryGet(grainId, out var activation) && activation is not null)
        {
            activation.DeactivateOnIdle();
            await activation.Deactivated;
        }
    }

    /// <summary>Stops the silo gracefully: every activation runs OnDeactivateAsync.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _host.StopAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
