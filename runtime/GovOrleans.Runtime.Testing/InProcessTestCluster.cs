using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Cluster;
using GovOrleans.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GovOrleans.Runtime.Testing;

/// <summary>
/// One or more silos in this process (Orleans's InProcessTestCluster). A single silo by default; with
/// <see cref="InProcessTestClusterBuilder.WithClusteredSilos"/> every silo is a real cluster member talking TCP on
/// loopback, and silos can be added, stopped gracefully or killed while calls run. The members without a silo
/// argument act on the first silo.
/// </summary>
public sealed class InProcessTestCluster : IAsyncDisposable
{
    private readonly List<InProcessSilo> _silos = [];
    private readonly List<InProcessClient> _clients = [];
    private readonly Func<int, Task<InProcessSilo>>? _startSilo;
    private readonly Func<Task<InProcessClient>>? _startClient;
    private int _nextSilo;
    private bool _stopped;

    internal InProcessTestCluster(IEnumerable<InProcessSilo> silos, Func<int, Task<InProcessSilo>>? startSilo, Func<Task<InProcessClient>>? startClient)
    {
        _silos.AddRange(silos);
        _nextSilo = _silos.Count;
        _startSilo = startSilo;
        _startClient = startClient;
    }

    /// <summary>Every silo started so far, running or not.</summary>
    public IReadOnlyList<InProcessSilo> Silos => _silos;

    /// <summary>The silos still running.</summary>
    public IReadOnlyList<InProcessSilo> RunningSilos => _silos.Where(s => s.IsRunning).ToList();

    /// <summary>The first silo's services.</summary>
    public IServiceProvider Services => _silos[0].Services;

    /// <summary>The first silo's grain factory.</summary>
    public IGrainFactory GrainFactory => _silos[0].GrainFactory;

    /// <summary>The first silo's time provider.</summary>
    public TimeProvider Time => Services.GetRequiredService<TimeProvider>();

    /// <summary>Activations on the first silo.</summary>
    public int ActivationCount => _silos[0].ActivationCount;

    /// <summary>Whether the grain is active on the first silo.</summary>
    public bool IsActive(GrainId grainId) => _silos[0].IsActive(grainId);

    /// <summary>Waits for the first silo's current idle-collection pass.</summary>
    public Task WaitForIdleCollectionAsync() => Services.GetRequiredService<ActivationCollector>().LastPass;

    /// <summary>Runs an idle-collection pass on the first silo now.</summary>
    public Task CollectIdleActivationsAsync() => Services.GetRequiredService<ActivationCollector>().Collect();

    /// <summary>Deactivates the grain wherever it is active in this process, and waits for it.</summary>
    public async Task DeactivateAsync(GrainId grainId)
    {
        foreach (var silo in RunningSilos)
        {
            if (silo.Services.GetRequiredService<Catalog.Catalog>().TryGet(grainId, out var activation) && activation is not null)
            {
                activation.DeactivateOnIdle();
                await activation.Deactivated;
            }
        }
    }

    /// <summary>Starts one more clustered silo and waits until it is active.</summary>
    public async Task<InProcessSilo> StartAdditionalSiloAsync()
    {
        var start = _startSilo ?? throw new InvalidOperationException("Only a clustered test cluster can add silos; use WithClusteredSilos.");
        var silo = await start(_nextSilo++);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Stops a silo gracefully: it hands its grains over and leaves the membership.</summary>
    public Task StopSiloAsync(InProcessSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.StopAsync();
    }

    /// <summary>Kills a silo abruptly: no deactivation, no goodbye; the others declare it dead when its lease expires.</summary>
    public Task KillSiloAsync(InProcessSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.KillAsync();
    }

    /// <summary>Starts a cluster client (TCP to the gateways).</summary>
    public async Task<InProcessClient> CreateClientAsync()
    {
        var start = _startClient ?? throw new InvalidOperationException("Only a clustered test cluster has clients; use WithClusteredSilos.");
        var client = await start();
        _clients.Add(client);
        return client;
    }

    /// <summary>Waits until every running silo and every client sees exactly the running silos as active.</summary>
    public async Task WaitForLivenessToStabilizeAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var running = RunningSilos;
            var expected = running.Select(s => s.Address).OfType<SiloAddress>().ToHashSet();
            var observers = running.Select(s => s.Services).Concat(_clients.Select(c => c.Services));
            if (observers.All(services => services.GetRequiredService<ClusterMembership>().View.Active.ToHashSet().SetEquals(expected)))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The silos did not agree on the membership in time.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops every client and silo.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        // Reverse order: the first silo, which tests use most, stays longest.
        foreach (var silo in _silos.AsEnumerable().Reverse())
        {
            await silo.StopAsync();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync();
}
