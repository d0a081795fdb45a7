using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Activation;

[Collection(ClusterCollection.Name)]
public sealed class ActivationTests(SharedClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.GrainFactory;
    private readonly LifecycleLog _log = fixture.Cluster.Services.GetRequiredService<LifecycleLog>();
    private readonly FailureBudget _failures = fixture.Cluster.Services.GetRequiredService<FailureBudget>();

    [Fact]
    public async Task FirstCall_ActivatesOnce_StateLivesInTheActivation()
    {
        var grain = _grains.GetGrain<ICounterGrain>(Guid.NewGuid().ToString());
        Assert.False(fixture.Cluster.IsActive(grain.GetGrainId()));

        Assert.Equal(1, await grain.IncrementAsync());
        Assert.Equal(2, await grain.IncrementAsync());

        Assert.True(fixture.Cluster.IsActive(grain.GetGrainId()));
        Assert.Equal(1, _log.Activations(grain.GetGrainId()));
    }

    [Fact]
    public async Task DeactivateOnIdle_NextCall_GoesToANewActivation()
    {
        var grain = _grains.GetGrain<ICounterGrain>(Guid.NewGuid().ToString());
        var first = await grain.GetActivationIdAsync();

        await grain.DeactivateAsync();
        var second = await grain.GetActivationIdAsync();

        Assert.NotEqual(first, second);
        Assert.Equal(1, _log.Deactivations(grain.GetGrainId()));
        Assert.Equal(DeactivationReasonCode.ApplicationRequested, _log.LastDeactivationReason(grain.GetGrainId()));
        Assert.Equal(2, _log.Activations(grain.GetGrainId()));
    }

    [Fact]
    public async Task DeactivateOnIdle_CallsQueuedMeanwhile_AreForwardedNotLost()
    {
        var grain = _grains.GetGrain<ICounterGrain>(Guid.NewGuid().ToString());
        await grain.IncrementAsync();

        var deactivate = grain.DeactivateAsync();
        var increments = Enumerable.Range(0, 20).Select(_ => grain.IncrementAsync()).ToList();
        await deactivate;
        var results = await Task.WhenAll(increments);

        // Every call was served exactly once, by the old or by the new activation.
        Assert.Equal(20, results.Length);
        Assert.True(_log.Activations(grain.GetGrainId()) <= 2);
    }

    [Fact]
    public async Task FailedActivation_FailsTheCall_AndIsNeverExposed()
    {
        var key = "fail-" + Guid.NewGuid();
        _failures.FailNext(key, 1);
        var grain = _grains.GetGrain<IFaultyActivationGrain>(key);

        var failure = await Assert.ThrowsAsync<ActivationFailedException>(() => grain.HelloAsync());
        Assert.IsType<InvalidOperationException>(failure.InnerException);
        Assert.Equal(grain.GetGrainId(), failure.GrainId);
        Assert.False(fixture.Cluster.IsActive(grain.GetGrainId()));

        // The next call gets a fresh activation; the failed one never served a request.
        Assert.Equal(1, await grain.HelloAsync());
        Assert.Equal(1, _log.Activations(grain.GetGrainId()));
    }

    [Fact]
    public async Task GrainReference_IsCheapAndStable_AcrossDeactivation()
    {
        var key = Guid.NewGuid().ToString();
        var a = _grains.GetGrain<ICounterGrain>(key);
        var b = _grains.GetGrain<ICounterGrain>(key);
        Assert.Equal(a, b);
        Assert.Equal(a.GetGrainId(), b.GetGrainId());
        Assert.False(fixture.Cluster.IsActive(a.GetGrainId()));

        await a.IncrementAsync();
        await fixture.Cluster.DeactivateAsync(a.GetGrainId());
        Assert.Equal(1, await b.IncrementAsync());
    }
}
