using System.Diagnostics;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Scheduling;

[Collection(ClusterCollection.Name)]
public sealed class ReentrancyTests(SharedClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.GrainFactory;
    private readonly TestGates _gates = fixture.Cluster.Services.GetRequiredService<TestGates>();

    [Fact]
    public async Task NonReentrantGrain_SecondRequest_WaitsForTheFirst()
    {
        var grain = _grains.GetGrain<IGateGrain>(Guid.NewGuid());
        var (a, b) = Gates();
        var first = grain.EnterAsync(a);
        await _gates.EnteredAsync(a);
        var second = grain.EnterAsync(b);

        Assert.False(_gates.HasEntered(b));
        _gates.Open(a);
        await _gates.EnteredAsync(b);
        _gates.Open(b);

        Assert.Equal(1, await first);
        Assert.Equal(1, await second);
    }

    [Fact]
    public async Task ReentrantGrain_Requests_InterleaveAtAwaits()
    {
        var grain = _grains.GetGrain<IReentrantGateGrain>(Guid.NewGuid());
        var (a, b) = Gates();
        var first = grain.EnterAsync(a);
        await _gates.EnteredAsync(a);
        var second = grain.EnterAsync(b);
        await _gates.EnteredAsync(b);
        _gates.Open(a);
        _gates.Open(b);

        await Task.WhenAll(first, second);
        Assert.Equal(2, await grain.MaxInsideAsync());
    }

    [Fact]
    public async Task AlwaysInterleaveMethod_RunsWhileARequestIsParked()
    {
        var grain = _grains.GetGrain<IGateGrain>(Guid.NewGuid());
        var (a, _) = Gates();
        var parked = grain.EnterAsync(a);
        await _gates.EnteredAsync(a);

        Assert.Equal(1, await grain.PeekInsideAsync());
        _gates.Open(a);
        await parked;
    }

    [Fact]
    public async Task ReadOnlyMethods_InterleaveWithEachOther_ButNotWithAWriter()
    {
        var grain = _grains.GetGrain<IGateGrain>(Guid.NewGuid());
        var (r1, r2) = Gates();
        var (w, _) = Gates();
        var read1 = grain.ReadAsync(r1);
        await _gates.EnteredAsync(r1);
        var read2 = grain.ReadAsync(r2);
        await _gates.EnteredAsync(r2);
        var write = grain.EnterAsync(w);

        Assert.Equal(2, await grain.PeekInsideAsync());
        Assert.False(_gates.HasEntered(w));
        _gates.Open(r1);
        _gates.Open(r2);
        await _gates.EnteredAsync(w);
        Assert.Equal(1, await grain.PeekInsideAsync());
        _gates.Open(w);

        await Task.WhenAll(read1, read2, write);
        Assert.Equal(2, await grain.MaxInsideAsync());
    }

    [Fact]
    public async Task CallCycle_ThroughNonReentrantGrains_FailsFastNamingTheCycle()
    {
        var (a, b) = Keys();
        var stopwatch = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<DeadlockException>(() => _grains.GetGrain<IRelayGrain>(a).RelayAsync([b, a], false));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"Cycle detection took {stopwatch.Elapsed}.");
        Assert.Contains($"relay/{a} -> relay/{b} -> relay/{a}", failure.Message);
        Assert.Equal([Id(a), Id(b), Id(a)], failure.Cycle);
    }

    [Fact]
    public async Task CallCycle_OfThreeGrains_IsDetected()
    {
        var (a, b) = Keys();
        var c = "c-" + Guid.NewGuid();

        var failure = await Assert.ThrowsAsync<DeadlockException>(() => _grains.GetGrain<IRelayGrain>(a).RelayAsync([b, c, a], false));

        Assert.Equal([Id(a), Id(b), Id(c), Id(a)], failure.Cycle);
    }

    [Fact]
    public async Task SelfCall_OnNonReentrantGrain_IsACycle()
    {
        var (a, _) = Keys();
        var failure = await Assert.ThrowsAsync<DeadlockException>(() => _grains.GetGrain<IRelayGrain>(a).RelayAsync([a], false));
        Assert.Equal([Id(a), Id(a)], failure.Cycle);
    }

    [Fact]
    public async Task CallChainReentrancy_WhenAllowed_LetsTheChainReenter()
    {
        var (a, b) = Keys();
        Assert.Equal($"{a}>{b}>{a}", await _grains.GetGrain<IRelayGrain>(a).RelayAsync([b, a], true));
    }

    [Fact]
    public async Task Chain_WithoutRepeats_IsNotMistakenForACycle()
    {
        var (a, b) = Keys();
        var c = "c-" + Guid.NewGuid();
        Assert.Equal($"{a}>{b}>{c}", await _grains.GetGrain<IRelayGrain>(a).RelayAsync([b, c], false));
    }

    [Fact]
    public async Task ReentrantGrain_ConcurrentRequests_NeverRunTwoTurnsAtOnce()
    {
        var grain = _grains.GetGrain<ITurnGrain>(Guid.NewGuid());
        var overlaps = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => grain.SpinAsync(50))));
        Assert.All(overlaps, o => Assert.Equal(0, o));
    }

    private static GrainId Id(string key) => new(new GrainType("relay"), key);

    private static (string, string) Keys() => ("a-" + Guid.NewGuid(), "b-" + Guid.NewGuid());

    private static (string, string) Gates() => ("gate-" + Guid.NewGuid(), "gate-" + Guid.NewGuid());
}
