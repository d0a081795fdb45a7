using System.Collections.Immutable;
using GovOrleans.Runtime.Serialization;
using GovOrleans.Runtime.Tests.Grains;

namespace GovOrleans.Runtime.Tests.Invocation;

public sealed class DeepCopierTests
{
    private readonly DeepCopier _copier = new();

    private sealed record WithList(List<int> Values);

    private sealed record Node(int Value, Node? Next);

    private struct MutableStruct
    {
        public int Value { get; set; }
    }

    [Theory]
    [InlineData(typeof(string))]
    [InlineData(typeof(int))]
    [InlineData(typeof(Guid))]
    [InlineData(typeof(DateTimeOffset))]
    [InlineData(typeof(ImmutablePoint))]
    [InlineData(typeof(ImmutableArray<string>))]
    [InlineData(typeof(ImmutableDictionary<string, int>))]
    [InlineData(typeof(Node))]
    [InlineData(typeof(MutableStruct))]
    public void IsImmutable_ValuesThatCannotBeChangedInPlace_True(Type type) => Assert.True(_copier.IsImmutable(type));

    [Theory]
    [InlineData(typeof(MutableBag))]
    [InlineData(typeof(List<string>))]
    [InlineData(typeof(int[]))]
    [InlineData(typeof(WithList))]
    [InlineData(typeof(ImmutableArray<MutableBag>))]
    public void IsImmutable_MutableValues_False(Type type) => Assert.False(_copier.IsImmutable(type));

    [Fact]
    public void Copy_MutableGraph_IsDeepAndEqual()
    {
        var bag = new MutableBag { Name = "n", Items = ["a", "b"] };

        var copy = _copier.Copy(bag);

        Assert.NotSame(bag, copy);
        Assert.NotSame(bag.Items, copy.Items);
        Assert.Equal(bag.Items, copy.Items);
        Assert.Equal("n", copy.Name);
    }

    [Fact]
    public void Copy_ByteArray_IsANewArray()
    {
        byte[] bytes = [1, 2, 3];
        var copy = _copier.Copy(bytes);
        Assert.NotSame(bytes, copy);
        Assert.Equal(bytes, copy);
    }
}
