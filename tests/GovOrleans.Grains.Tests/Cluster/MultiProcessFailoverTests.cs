using System.Collections.Concurrent;
using System.Diagnostics;
using GovOrleans.GrainInterfaces.Diagnostics;
using GovOrleans.Grains.Diagnostics;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Cluster;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace GovOrleans.Grains.Tests.Cluster;

/// <summary>
/// Three silo processes and this test process as a cluster client, all on loopback against a real PostgreSQL. The client
/// writes to 1,000 canaries continuously; one silo gets SIGKILL mid-load.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiProcessFailoverTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Grains = 1000;

    [Fact]
    public async Task Killing_a_silo_process_loses_no_acknowledged_write_and_its_grains_come_back_within_10_seconds()
    {
        var connectionString = await postgres.CreateDatabaseAsync("failover");
        var clusterId = "failover-" + Guid.NewGuid().ToString("N")[..8];
        var silos = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add(SiloProcess.Start($"silo-{i}", connectionString, clusterId));
            }

            using var client = await StartClientAsync(connectionString, clusterId);
            var factory = client.Services.GetRequiredService<IGrainFactory>();
            await WaitForAsync(async () => await CountActiveAsync(client) == 3, TimeSpan.FromSeconds(60), silos);

            var result = await RunAsync(factory, silos);
            output.WriteLine(result.Summary);

            Assert.True(result.Affected > 0, "the killed silo hosted no canary");
            Assert.Equal(result.Affected, result.Recovered.Count);
            Assert.True(result.Recovered.Max() <= TimeSpan.FromSeconds(10), result.Summary);
            Assert.Empty(result.Alternations);

            foreach (var (key, acked) in result.Acknowledged)
            {
                var state = await factory.GetGrain<ICanaryGrain>(key).GetAsync();
                Assert.True(state.LastSequence >= acked.MaxSequence, $"{key}: stored {state.LastSequence}, acknowledged {acked.MaxSequence}");
                Assert.True(state.Beats >= acked.Count, $"{key}: stored {state.Beats} beats, acknowledged {acked.Count}");
                Assert.True(state.Activations <= (result.OnVictim.Contains(key) ? 2 : 1), $"{key}: {state.Activations} activations");
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    internal static async Task<FailoverResult> RunAsync(IGrainFactory factory, IReadOnlyList<SiloProcess> silos, int workers = 32)
    {
        var keys = Enumerable.Range(0, Grains).Select(i => $"canary-{i:D4}").ToArray();
        var acknowledged = new ConcurrentDictionary<string, Acked>();
        var activations = new ConcurrentDictionary<string, List<Guid>>();
        var homes = new ConcurrentDictionary<string, string>();
        var recovered = new ConcurrentDictionary<string, TimeSpan>();
        var clock = Stopwatch.StartNew();
        long killedAtTicks = 0;
        string? victim = null;
        var onVictim = new HashSet<string>();
        var alternations = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        async Task Work(int worker)
        {
            long sequence = 0;
            var index = worker;
            while (!stop.IsCancellationRequested)
            {
                var key = keys[index % keys.Length];
                index += workers;
                sequence++;
                try
                {
                    var beat = await factory.GetGrain<ICanaryGrain>(key).BeatAsync((sequence << 8) | (uint)worker);
                    var at = clock.Elapsed;
                    acknowledged.AddOrUpdate(key, _ => new Acked(beat.Sequence, 1), (_, a) => new Acked(Math.Max(a.MaxSequence, beat.Sequence), a.Count + 1));
                    homes[key] = beat.Silo;
                    var seen = activations.GetOrAdd(key, _ => []);
                    lock (seen)
                    {
                        if (seen.Count == 0 || seen[^1] != beat.ActivationId)
                        {
                            if (seen.Contains(beat.ActivationId))
                            {
                                alternations.Add($"{key} went back to activation {beat.ActivationId}");
                            }

                            seen.Add(beat.ActivationId);
                        }
                    }

                    var killed = Interlocked.Read(ref killedAtTicks);
                    if (killed > 0 && at.Ticks > killed && onVictimSnapshot(key))
                    {
                        recovered.TryAdd(key, at - TimeSpan.FromTicks(killed));
                    }
                }
                catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException or ActivationFailedException)
                {
                    await Task.Delay(50);
                }
            }
        }

        bool onVictimSnapshot(string key)
        {
            lock (onVictim)
            {
                return onVictim.Contains(key);
            }
        }

        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(() => Work(w))).ToList();
        await Poll.UntilAsync(() => homes.Count >= Grains, TimeSpan.FromSeconds(60));

        // Some load on every canary before the kill: a thousand more acknowledged writes.
        await AcknowledgedGrowsAsync(acknowledged, 1000);
        victim = homes.Values.GroupBy(v => v).OrderByDescending(g => g.Count()).First().Key;
        lock (onVictim)
        {
            foreach (var (key, home) in homes)
            {
                if (home == victim)
                {
                    onVictim.Add(key);
                }
            }
        }

        var process = silos.Single(s => s.Name == victim);
        Interlocked.Exchange(ref killedAtTicks, clock.Elapsed.Ticks);
        process.Kill();

        await Poll.UntilAsync(() => recovered.Count >= onVictim.Count, TimeSpan.FromSeconds(30));

        await AcknowledgedGrowsAsync(acknowledged, 500);
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        return new FailoverResult(victim, onVictim, [.. recovered.Values], acknowledged, [.. alternations]);
    }

    private static async Task<IHost> StartClientAsync(string connectionString, string clusterId)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Silo:ClusterId"] = clusterId });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseGovOrleansClient(client => client.UsePostgresClustering(o => o.ConnectionString = connectionString));
        builder.Services.Configure<GrainTypeOptions>(o => o.Assemblies.Add(typeof(CanaryGrain).Assembly));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Active silos in the client's own view (what its calls are routed by), not merely in the table.</summary>
    private static Task<int> CountActiveAsync(IHost client) =>
        Task.FromResult(client.Services.GetRequiredService<ClusterMembership>().View.Active.Count);

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, IReadOnlyList<SiloProcess> silos)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > limit || silos.Any(s => s.HasExited))
            {
                throw new TimeoutException("The silo processes did not form a cluster:\n" + string.Join("\n---\n", silos.Select(s => s.Name + ":\n" + s.Output)));
            }

            await Task.Delay(200);
        }
    }

    private static async Task AcknowledgedGrowsAsync(ConcurrentDictionary<string, Acked> acknowledged, long writes)
    {
        long Total() => acknowledged.Values.Sum(a => a.Count);
        var target = Total() + writes;
        await Poll.UntilAsync(() => Total() >= target, TimeSpan.FromSeconds(30));
    }

    internal sealed record Acked(long MaxSequence, long Count);

    internal sealed record FailoverResult(
        string Victim, IReadOnlySet<string> OnVictim, IReadOnlyList<TimeSpan> Recovered, IReadOnlyDictionary<string, Acked> Acknowledged, IReadOnlyList<string> Alternations)
    {
        public int Affected => OnVictim.Count;

        public string Summary
        {
            get
            {
                var sorted = Recovered.OrderBy(t => t).ToList();
                var median = sorted.Count == 0 ? TimeSpan.Zero : sorted[sorted.Count / 2];
                var max = sorted.Count == 0 ? TimeSpan.Zero : sorted[^1];
                return $"killed {Victim} hosting {Affected} of {Grains} canaries; recovered {sorted.Count}; "
                    + $"kill -> first acknowledged write per affected grain: median {median.TotalSeconds:F2} s, max {max.TotalSeconds:F2} s; "
                    + $"acknowledged writes {Acknowledged.Values.Sum(a => a.Count)}; activation alternations {Alternations.Count}";
            }
        }
    }
}
