using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Testing;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Activation;

/// <summary>Idle collection on a fake clock: collection age 10 min, scanned every minute.</summary>
public sealed class IdleCollectionTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task IdleActivation_CollectedOnceIdleForCollectionAge()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("idle");
        await grain.IncrementAsync();

        var collectedAt = await MinuteOfCollectionAsync(cluster, grain.GetGrainId(), limit: 30);

        Assert.Equal(10, collectedAt);
        Assert.Equal(DeactivationReasonCode.ActivationIdle, cluster.Services.GetRequiredService<LifecycleLog>().LastDeactivationReason(grain.GetGrainId()));
    }

    [Fact]
    public async Task IncomingCall_ResetsTheIdleClock()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("busy");
        await grain.IncrementAsync();
        await AdvanceMinutesAsync(cluster, 6);
        await grain.IncrementAsync();

        Assert.Equal(16, await MinuteOfCollectionAsync(cluster, grain.GetGrainId(), limit: 30, startMinute: 6));
    }

    // The documented DelayDeactivation vectors with a 10-minute collection age.
    [Theory]
    [InlineData(20, null, 20)]
    [InlineData(5, null, 10)]
    [InlineData(20, 7, 20)]
    [InlineData(5, 7, 17)]
    public async Task DelayDeactivation_DocumentedVectors(int delayMinutes, int? callAtMinute, int expectedMinute)
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("delayed");
        await grain.DelayDeactivationAsync(TimeSpan.FromMinutes(delayMinutes));
        var minute = 0;
        if (callAtMinute is { } callAt)
        {
            await AdvanceMinutesAsync(cluster, callAt);
            Assert.True(cluster.IsActive(grain.GetGrainId()));
            await grain.GetAsync();
            minute = callAt;
        }

        Assert.Equal(expectedMinute, await MinuteOfCollectionAsync(cluster, grain.GetGrainId(), limit: 40, startMinute: minute));
    }

    [Fact]
    public async Task DelayDeactivation_Zero_CancelsAnEarlierDelay()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("cancelled-delay");
        await grain.DelayDeactivationAsync(TimeSpan.FromMinutes(30));
        await grain.DelayDeactivationAsync(TimeSpan.Zero);

        Assert.Equal(10, await MinuteOfCollectionAsync(cluster, grain.GetGrainId(), limit: 40));
    }

    [Fact]
    public async Task DelayDeactivation_Infinite_KeepsTheActivation()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("forever");
        await grain.DelayDeactivationAsync(Timeout.InfiniteTimeSpan);

        Assert.Null(await MinuteOfCollectionAsync(cluster, grain.GetGrainId(), limit: 60));
    }

    [Fact]
    public async Task ClassSpecificCollectionAge_FromConfiguration_OverridesTheDefault()
    {
        await using var cluster = await StartAsync(b => b.WithSetting("Silo:GrainCollection:ClassSpecificCollectionAge:counter", "00:03:00"));
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("configured");
        await grain.IncrementAsync();

        Assert.Equal(3, await MinuteOfCollectionAsync(cluster, grain.GetGrainId(), limit: 30));
    }

    [Fact]
    public async Task CollectionAgeLimitAttribute_OverridesTheDefault()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IShortLivedGrain>("short");
        await grain.GetActivationIdAsync();

        Assert.Equal(2, await MinuteOfCollectionAsync(cluster, grain.GetGrainId(), limit: 30));
    }

    [Fact]
    public async Task KeepAliveGrain_IsNeverCollected()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IPinnedGrain>("pinned");
        await grain.GetActivationIdAsync();

        Assert.Null(await MinuteOfCollectionAsync(cluster, grain.GetGrainId(), limit: 60));
    }

    private Task<InProcessTestCluster> StartAsync(Action<InProcessTestClusterBuilder>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder()
            .UseTimeProvider(_time)
            .WithSetting("Silo:GrainCollection:CollectionAge", "00:10:00")
            .WithSetting("Silo:GrainCollection:CollectionQuantum", "00:01:00")
            .ConfigureSilo(silo => silo.AddMemoryGrainStorage())
            .ConfigureServices(services => services.AddTestGrainServices());
        configure?.Invoke(builder);
        return builder.BuildAndStartAsync();
    }

    private async Task AdvanceMinutesAsync(InProcessTestCluster cluster, int minutes)
    {
        for (var i = 0; i < minutes; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await cluster.WaitForIdleCollectionAsync();
        }
    }

    /// <summary>Advances minute by minute; returns the minute (since the test's start) at which the grain was collected, or null.</summary>
    private async Task<int?> MinuteOfCollectionAsync(InProcessTestCluster cluster, GrainId grain, int limit, int startMinute = 0)
    {
        for (var minute = startMinute + 1; minute <= limit; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await cluster.WaitForIdleCollectionAsync();
            if (!cluster.IsActive(grain))
            {
                return minute;
            }
        }

        return null;
    }
}
