using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Testing;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>Reminders in a cluster tick on the silo that owns the grain's ring range: once, and on through churn.</summary>
public sealed class ClusterReminderTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Reminders_tick_once_each_on_their_owner_while_silos_join_leave_and_die()
    {
        var log = new ReminderLog();
        var table = new InMemoryReminderTable();
        var storage = new MemoryGrainStorage();
        await using var cluster = await new InProcessTestClusterBuilder()
            .WithClusteredSilos(3)
            .WithSetting("Silo:Reminders:MinimumReminderPeriod", "00:00:01")
            .WithSetting("Silo:Reminders:RefreshReminderListPeriod", "00:00:01")
            .ConfigureServices(services => services.AddTestGrainServices().AddSingleton(log))
            .ConfigureSilo(silo =>
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(PersistentStateAttribute.DefaultStorageName, storage);
                silo.Services.AddSingleton<IReminderTable>(table);
            })
            .BuildAndStartAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        var client = await cluster.CreateClientAsync();
        var keys = Enumerable.Range(0, 24).Select(i => $"reminded-{i}").ToList();
        foreach (var key in keys)
        {
            await client.GrainFactory.GetGrain<IReminderGrain>(key).RegisterAsync("deadline", TimeSpan.FromSeconds(1), Period);
        }

        await WaitForTicksAsync(log, keys, 2);

        await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        await WaitForTicksAsync(log, keys, 2);

        await cluster.StopSiloAsync(cluster.Silos[1]);
        await cluster.WaitForLivenessToStabilizeAsync();
        await WaitForTicksAsync(log, keys, 2);
        var gracefulEnd = DateTimeOffset.UtcNow;

        await cluster.KillSiloAsync(cluster.Silos[2]);
        await cluster.WaitForLivenessToStabilizeAsync();
        await WaitForTicksAsync(log, keys, 2);

        foreach (var key in keys)
        {
            var ticks = log.Ticks(key).Select(t => t.Status.CurrentTickTime).ToList();
            Assert.Equal(ticks.Count, ticks.Distinct().Count());

            // Joins and graceful leaves hand reminders over without a gap; a kill may cost the ticks due before the
            // dead silo is declared dead, except the latest, which the new owner delivers late.
            var beforeKill = ticks.Order().Where(t => t < gracefulEnd - Period).ToList();
            var gaps = beforeKill.Zip(beforeKill.Skip(1), (a, b) => b - a).Where(gap => gap != Period).ToList();
            Assert.True(gaps.Count == 0, $"{key}: ticks {string.Join(", ", beforeKill.Select(t => t.ToString("HH:mm:ss.fff")))}");
        }
    }

    /// <summary>Waits until every grain received <paramref name="more"/> ticks beyond those it has now.</summary>
    private static async Task WaitForTicksAsync(ReminderLog log, IReadOnlyList<string> keys, int more)
    {
        var targets = keys.ToDictionary(k => k, k => log.Ticks(k).Count + more);
        if (!await Poll.UntilAsync(() => keys.All(k => log.Ticks(k).Count >= targets[k]), TimeSpan.FromSeconds(30)))
        {
            var behind = keys.Where(k => log.Ticks(k).Count < targets[k]).Select(k => $"{k}={log.Ticks(k).Count}/{targets[k]}");
            throw new TimeoutException($"Reminders stopped ticking: {string.Join(", ", behind)}");
        }
    }
}
