using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Testing;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Timers;

public sealed class GrainTimerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Timer_TicksOncePerPeriod()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ITickingGrain>("periodic");
        await grain.StartAsync(Second, Second, interleave: false, parkTicks: false);

        _time.Advance(Second);
        Assert.Equal(1, await grain.TicksAsync());
        _time.Advance(Second);
        _time.Advance(Second);
        Assert.Equal(3, await grain.TicksAsync());

        await grain.StopAsync();
        _time.Advance(Second * 5);
        Assert.Equal(3, await grain.TicksAsync());
    }

    [Fact]
    public async Task Tick_OfNonInterleavingTimer_WaitsForTheRunningRequest()
    {
        await using var cluster = await StartAsync();
        var gates = cluster.Services.GetRequiredService<TestGates>();
        var grain = cluster.GrainFactory.GetGrain<ITickingGrain>("waits");
        await grain.StartAsync(Second, Timeout.InfiniteTimeSpan, interleave: false, parkTicks: false);
        var blocked = grain.BlockAsync("block:waits");
        await gates.EnteredAsync("block:waits");

        _time.Advance(Second);
        Assert.False(gates.HasEntered("tick:waits:1"));
        gates.Open("block:waits");
        await gates.EnteredAsync("tick:waits:1");
        await blocked;

        Assert.Equal(1, await grain.MaxConcurrentAsync());
    }

    [Fact]
    public async Task Tick_OfInterleavingTimer_RunsDuringAParkedRequest()
    {
        await using var cluster = await StartAsync();
        var gates = cluster.Services.GetRequiredService<TestGates>();
        var grain = cluster.GrainFactory.GetGrain<ITickingGrain>("interleaves");
        await grain.StartAsync(Second, Timeout.InfiniteTimeSpan, interleave: true, parkTicks: false);
        var blocked = grain.BlockAsync("block:interleaves");
        await gates.EnteredAsync("block:interleaves");

        _time.Advance(Second);
        await gates.EnteredAsync("tick:interleaves:1");
        gates.Open("block:interleaves");
        await blocked;

        Assert.Equal(2, await grain.MaxConcurrentAsync());
    }

    [Fact]
    public async Task Timer_NeverOverlapsItself_NextTickArmsAfterTheLastCompletes()
    {
        await using var cluster = await StartAsync();
        var gates = cluster.Services.GetRequiredService<TestGates>();
        var grain = cluster.GrainFactory.GetGrain<ITickingGrain>("slow");
        await grain.StartAsync(Second, Second, interleave: true, parkTicks: true);

        _time.Advance(Second);
        await gates.EnteredAsync("tick:slow:1");
        _time.Advance(Second * 10);
        Assert.False(gates.HasEntered("tick:slow:2"));

        var rearmed = _time.WhenTimerArmedAsync();
        gates.Open("tick:slow:1");
        await rearmed.WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(Second);
        await gates.EnteredAsync("tick:slow:2");
        gates.Open("tick:slow:2");
        Assert.Equal(1, await grain.MaxConcurrentAsync());
    }

    private Task<InProcessTestCluster> StartAsync() =>
        new InProcessTestClusterBuilder()
            .UseTimeProvider(_time)
            .ConfigureSilo(silo => silo.AddMemoryGrainStorage())
            .ConfigureServices(services => services.AddTestGrainServices())
            .BuildAndStartAsync();
}
