using System.Collections.Immutable;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Tests.Grains;

namespace GovOrleans.Runtime.Tests.Invocation;

[Collection(ClusterCollection.Name)]
public sealed class IsolationTests(SharedClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.GrainFactory;

    [Fact]
    public async Task MutableArgument_ChangedByCallerAfterTheCall_DoesNotReachTheGrain()
    {
        var grain = _grains.GetGrain<IIsolationGrain>(Guid.NewGuid().ToString());
        var bag = new MutableBag { Name = "a", Items = ["one"] };

        await grain.StoreAsync(bag);
        bag.Items.Add("two");
        bag.Items.Add("three");

        Assert.Equal(1, await grain.StoredItemCountAsync());
    }

    [Fact]
    public async Task MutableResult_ChangedByCaller_DoesNotReachTheGrain()
    {
        var grain = _grains.GetGrain<IIsolationGrain>(Guid.NewGuid().ToString());
        await grain.StoreAsync(new MutableBag { Items = ["one"] });

        var result = await grain.GetBagAsync();
        result.Items.Clear();

        Assert.Equal(1, await grain.StoredItemCountAsync());
    }

    [Fact]
    public async Task ImmutableArgument_PassesByReference_WithoutCopying()
    {
        var grain = _grains.GetGrain<IIsolationGrain>(Guid.NewGuid().ToString());
        var point = new ImmutablePoint(1, 2, ["x"]);

        Assert.Same(point, await grain.EchoPointAsync(point));
    }
}
