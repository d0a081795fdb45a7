using System.Net;
using System.Reflection;
using System.Text;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Messaging;
using GovOrleans.Runtime.Serialization;

namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>
/// The types a peer's names may make this process build: only the application's enums (and DayOfWeek) take part,
/// a name is checked against the declared type before anything is built, and once the budget is spent only types
/// this process uses itself resolve.
/// </summary>
[Collection(WireTypeCollection.Name)]
public sealed class WireTypeBudgetTests
{
    private const string CoreLib = "System.Private.CoreLib";

    internal static readonly Type[] Leaves =
    [
        typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(char), typeof(double), typeof(float), typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset),
        typeof(Guid), typeof(TimeSpan),
    ];

    public enum WireSize
    {
        Small,
        Large,
    }

    public interface IWireCollectionsGrain : IGrainWithStringKey
    {
        Task<IReadOnlyList<WireSize>> SizesAsync(IReadOnlyDictionary<string, WireSize> byName, Dictionary<Guid, WireSize[]> exact, object? anything);
    }

    public static TheoryData<Type, Type> NotTheDeclaredType => new()
    {
        { typeof(List<Dictionary<short, sbyte>>), typeof(List<int>) },
        { typeof(Dictionary<ushort, List<sbyte>>), typeof(IReadOnlyList<int>) },
        { typeof(List<Dictionary<sbyte, ushort>>), typeof(IReadOnlyDictionary<string, int>) },
        { typeof(sbyte[][]), typeof(IReadOnlyList<int>) },
        { typeof(List<sbyte[]>), typeof(IEnumerable<string>) },
        { typeof(List<ushort>), typeof(IEnumerable<object>) },
        { typeof(ushort[]), typeof(Dictionary<string, int>) },
        { typeof(WireBag<sbyte>), typeof(List<int>) },
        { typeof(WireTypeResolutionTests.WireEnvelope<ushort[]>), typeof(WireFormatTests.WireAnimal) },
    };

    public static TheoryData<Type, Type> TheDeclaredTypeByBaseOrVariance => new()
    {
        { typeof(List<string>), typeof(IEnumerable<object>) },
        { typeof(WireFormatTests.WireDog[]), typeof(IReadOnlyList<WireFormatTests.WireAnimal>) },
        { typeof(WireBag<short>), typeof(List<short>) },
        { typeof(WireBag<WireSize>), typeof(IReadOnlyCollection<WireSize>) },
        { typeof(Dictionary<string, WireFormatTests.WireDog>), typeof(IEnumerable<KeyValuePair<string, WireFormatTests.WireDog>>) },
    };

    [Theory]
    [InlineData(typeof(ConsoleColor))]
    [InlineData(typeof(FileAccess))]
    [InlineData(typeof(StringComparison))]
    [InlineData(typeof(HttpStatusCode))]
    [InlineData(typeof(ConsoleColor?))]
    [InlineData(typeof(BindingFlags[]))]
    [InlineData(typeof(List<FileAccess>))]
    [InlineData(typeof(Dictionary<string, List<HttpStatusCode>>))]
    public void Resolve_EnumOfTheFramework_IsRefused(Type type)
    {
        var error = Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(WireTypes.NameOf(type), typeof(object)));

        Assert.Contains("only these may cross silos", error.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => WireTypes.EnsureAllowed(type, typeof(object)));
    }

    [Theory]
    [MemberData(nameof(NotTheDeclaredType))]
    public void Resolve_NameThatCannotBeTheDeclaredType_IsRefusedBeforeAnythingIsBuilt(Type named, Type declared)
    {
        using var budget = ConstructedTypes.FreshBudgetForTests();

        var error = Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(WireTypes.NameOf(named), declared));

        Assert.Contains($"it is not a {declared.Name}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, ConstructedTypes.PeerBuilt);
    }

    [Theory]
    [MemberData(nameof(TheDeclaredTypeByBaseOrVariance))]
    public void Resolve_NameOfASubtypeByBaseClassOrVariance_Resolves(Type named, Type declared) =>
        Assert.Equal(named, WireTypes.Resolve(WireTypes.NameOf(named), declared));

    [Fact]
    public void Resolve_AfterTheBudgetIsSpent_TypesOfGrainInterfacesAndOfSentValuesStillResolve()
    {
        var method = GrainInterfaceMetadata.Get(typeof(IWireCollectionsGrain), new DeepCopier()).Methods.Single();
        var codec = new MessageCodec(null);
        using var budget = ConstructedTypes.FreshBudgetForTests();
        var refusedName = SpendTheBudget();

        // The signature's own types, and the concrete collections a sender puts where it declares an interface.
        Assert.Equal(typeof(List<WireSize>), WireTypes.Resolve(WireTypes.NameOf(typeof(List<WireSize>)), typeof(IReadOnlyList<WireSize>)));
        Assert.Equal(typeof(WireSize[]), WireTypes.Resolve(WireTypes.NameOf(typeof(WireSize[])), typeof(IReadOnlyList<WireSize>)));
        Assert.Equal(
            typeof(Dictionary<string, WireSize>),
            WireTypes.Resolve(WireTypes.NameOf(typeof(Dictionary<string, WireSize>)), typeof(IReadOnlyDictionary<string, WireSize>)));
        Assert.Equal(typeof(Dictionary<Guid, WireSize[]>), WireTypes.Resolve(WireTypes.NameOf(typeof(Dictionary<Guid, WireSize[]>)), typeof(object)));

        // A type this process sent before; leaves never need building.
        WireTypes.EnsureAllowed(typeof(List<List<DayOfWeek>>), typeof(object));
        Assert.Equal(typeof(List<List<DayOfWeek>>), WireTypes.Resolve(WireTypes.NameOf(typeof(List<List<DayOfWeek>>)), typeof(object)));
        Assert.Equal(typeof(WireSize), WireTypes.Resolve(WireTypes.NameOf(typeof(WireSize)), typeof(object)));

        // Through the codec: the refused name fails that request alone, the next one decodes.
        var byName = WireTypes.NameOf(typeof(Dictionary<string, WireSize>));
        var refused = Body($$"""{"t":{"0":"{{byName}}","2":"{{refusedName}}"},"a":[{},{},{}]}""");
        var error = Assert.Throws<InvalidOperationException>(() => codec.DecodeRequestBody(1, GrainId.Parse("wirecollections/a"), method, refused));
        Assert.Contains($"build the {ConstructedTypes.PeerBudget} it allows", error.Message, StringComparison.Ordinal);

        var accepted = Body($$"""{"t":{"0":"{{byName}}","2":"{{WireTypes.NameOf(typeof(WireSize[]))}}"},"a":[{"x":1},{},[0,1]]}""");
        var request = codec.DecodeRequestBody(2, GrainId.Parse("wirecollections/a"), method, accepted);
        Assert.Equal(WireSize.Large, Assert.IsType<Dictionary<string, WireSize>>(request.Arguments[0])["x"]);
        Assert.Equal([WireSize.Small, WireSize.Large], Assert.IsType<WireSize[]>(request.Arguments[2]));

        // Registering a grain interface is local and never refused, budget or not.
        Assert.Single(GrainInterfaceMetadata.Get(typeof(WireTypeResolutionTests.IWireObjectGrain), new DeepCopier()).Methods);
    }

    /// <summary>Names new types until the budget refuses one, checking the bound all along; returns the refused name.</summary>
    internal static string SpendTheBudget()
    {
        var names = from a in Leaves from b in Leaves from c in Leaves select List(Dictionary(a, Dictionary(Name(b), ArrayOf(c))));
        foreach (var name in names)
        {
            try
            {
                WireTypes.Resolve(name, typeof(object));
            }
            catch (InvalidOperationException error) when (error.Message.Contains($"build the {ConstructedTypes.PeerBudget} it allows", StringComparison.Ordinal))
            {
                Assert.True(ConstructedTypes.PeerBuilt <= ConstructedTypes.PeerBudget);
                return name;
            }

            Assert.True(ConstructedTypes.PeerBuilt <= ConstructedTypes.PeerBudget, $"{ConstructedTypes.PeerBuilt} built");
        }

        throw new InvalidOperationException("The names never spent the budget.");
    }

    private static string Name(Type type) => WireTypes.NameOf(type);

    internal static string ArrayOf(Type element) => $"{element.FullName}[], {CoreLib}";

    internal static string List(string item) => $"System.Collections.Generic.List`1[[{item}]], {CoreLib}";

    internal static string Dictionary(Type key, string value) => Dictionary(Name(key), value);

    private static string Dictionary(string key, string value) => $"System.Collections.Generic.Dictionary`2[[{key}],[{value}]], {CoreLib}";

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);

    public sealed class WireBag<T> : List<T>;
}
