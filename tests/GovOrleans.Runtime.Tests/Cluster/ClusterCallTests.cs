using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Tests.Grains;

namespace GovOrleans.Runtime.Tests.Cluster;

public sealed class ClusterCallTests
{
    [Fact]
    public async Task Grains_spread_over_silos_and_each_has_one_home()
    {
        var (cluster, tracker) = await ClusterTestHarness.StartAsync(2);
        await using var _ = cluster;
        var homes = new Dictionary<string, string>();
        for (var i = 0; i < 60; i++)
        {
            homes[$"g{i}"] = await cluster.Silos[0].GrainFactory.GetGrain<IClusterProbeGrain>($"g{i}").WhereAsync();
        }

        Assert.Equal(2, homes.Values.Distinct().Count());
        foreach (var (key, home) in homes)
        {
            // Asked from the other silo, the same grain answers from the same home.
            Assert.Equal(home, await cluster.Silos[1].GrainFactory.GetGrain<IClusterProbeGrain>(key).WhereAsync());
        }

        Assert.Empty(tracker.Violations);
        Assert.Equal(60, tracker.TotalActivations);
    }

    [Fact]
    public async Task A_client_calls_over_tcp_with_state_arguments_context_and_errors()
    {
        var (cluster, _) = await ClusterTestHarness.StartAsync(2);
        await using var __ = cluster;
        var client = await cluster.CreateClientAsync();
        var grain = client.GrainFactory.GetGrain<IClusterProbeGrain>("client-1");

        Assert.Equal(5, await grain.AddAsync(5));
        Assert.Equal(12, await grain.AddAsync(7));

        var bag = new ProbeBag { Items = ["a"], Counts = new() { ["x"] = 1 }, At = DateTimeOffset.Parse("2026-11-22T10:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture) };
        var echoed = await grain.EchoAsync(bag);
        Assert.Equal(["a", await grain.WhereAsync()], echoed.Items);
        Assert.Equal(["a"], bag.Items);
        Assert.Equal(bag.At, echoed.At);
        Assert.Equal(1, echoed.Counts["x"]);

        RequestContext.Set("tenant", "utrecht");
        try
        {
            Assert.Equal("utrecht", await grain.ReadContextAsync("tenant"));
        }
        finally
        {
            RequestContext.Clear();
        }

        var failure = await Assert.ThrowsAsync<ProbeFailedException>(() => grain.FailAsync("refused"));
        Assert.Equal("refused", failure.Message);
        Assert.Equal(42, failure.Code);

        // A grain calling another grain, wherever each lives.
        var other = await grain.AskOtherAsync("client-2");
        Assert.Equal(await client.GrainFactory.GetGrain<IClusterProbeGrain>("client-2").WhereAsync(), other);
    }

    [Fact]
    public async Task A_silo_that_joins_takes_new_grains_and_old_grains_stay_where_they_are()
    {
        var (cluster, tracker) = await ClusterTestHarness.StartAsync(1);
        await using var _ = cluster;
        var client = await cluster.CreateClientAsync();
        for (var i = 0; i < 40; i++)
        {
            await client.GrainFactory.GetGrain<IClusterProbeGrain>($"old{i}").AddAsync(1);
        }

        var added = await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal("silo-0", await client.GrainFactory.GetGrain<IClusterProbeGrain>($"old{i}").WhereAsync());
        }

        var homes = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            homes.Add(await client.GrainFactory.GetGrain<IClusterProbeGrain>($"new{i}").WhereAsync());
        }

        Assert.Contains(added.Name, homes);
        Assert.Empty(tracker.Violations);
    }
}
