using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Tests.Grains;

namespace GovOrleans.Runtime.Tests.Invocation;

[Collection(ClusterCollection.Name)]
public sealed class GrainReferenceTests(SharedClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.GrainFactory;

    [Fact]
    public async Task ValueTaskMethods_ReturnThroughTheReference()
    {
        var grain = _grains.GetGrain<IEchoGrain>(Random.Shared.NextInt64(1, long.MaxValue));
        Assert.Equal(5, await grain.AddAsync(2, 3));
        await grain.TouchAsync();
    }

    [Fact]
    public async Task GrainException_ReachesTheCaller_WithItsTypeAndMessage()
    {
        var grain = _grains.GetGrain<IEchoGrain>(Random.Shared.NextInt64(1, long.MaxValue));
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.FailAsync("rule broken"));
        Assert.Equal("rule broken", failure.Message);

        // A failed call does not poison the activation.
        Assert.Equal(3, await grain.AddAsync(1, 2));
    }

    [Fact]
    public void GetGrain_InterfaceBreakingGrainRules_ThrowsNamingEachRule()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => _grains.GetGrain<IInvalidGrain>("x"));
        Assert.Contains("ORLEANS0008", failure.Message);
        Assert.Contains("ORLEANS0009", failure.Message);
    }

    [Fact]
    public async Task GetGrainById_UnknownGrainType_FailsTheCall()
    {
        var grain = _grains.GetGrain<ICounterGrain>(new GrainId(new GrainType("no-such-type"), "1"));
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.GetAsync());
        Assert.Contains("no-such-type", failure.Message);
    }

    [Fact]
    public async Task IntegerKey_IsEncodedAsHex_InTheGrainId()
    {
        var grain = _grains.GetGrain<IEchoGrain>(255);
        Assert.Equal("echo/FF", grain.GetGrainId().ToString());
        Assert.StartsWith("x", await grain.EchoAsync("x"));
    }
}
