using System.Collections.Immutable;
using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Tests.Grains;

public sealed class MutableBag
{
    public string Name { get; set; } = "";

    public List<string> Items { get; set; } = [];
}

public sealed record ImmutablePoint(int X, int Y, ImmutableArray<string> Labels);

public interface IIsolationGrain : IGrainWithStringKey
{
    Task StoreAsync(MutableBag bag);

    Task<MutableBag> GetBagAsync();

    Task<int> StoredItemCountAsync();

    Task<ImmutablePoint> EchoPointAsync(ImmutablePoint point);
}

public sealed class IsolationGrain : Grain, IIsolationGrain
{
    private MutableBag _bag = new();

    public Task StoreAsync(MutableBag bag)
    {
        _bag = bag;
        return Task.CompletedTask;
    }

    public Task<MutableBag> GetBagAsync() => Task.FromResult(_bag);

    public Task<int> StoredItemCountAsync() => Task.FromResult(_bag.Items.Count);

    public Task<ImmutablePoint> EchoPointAsync(ImmutablePoint point) => Task.FromResult(point);
}
