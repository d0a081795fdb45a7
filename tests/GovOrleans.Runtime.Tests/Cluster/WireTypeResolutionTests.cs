using System.Reflection;
using System.Text;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Messaging;
using GovOrleans.Runtime.Serialization;

namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>
/// Type names from peers: only loaded assemblies are searched (no assembly is ever loaded by name or through a
/// forwarder), only allowed types are accepted for values, only successes are cached, the caches stay bounded, and
/// peers make this process build at most <see cref="ConstructedTypes.PeerBudget"/> new types.
/// </summary>
[Collection(WireTypeCollection.Name)]
public sealed class WireTypeResolutionTests
{
    private const string CoreLib = "System.Private.CoreLib";

    /// <summary>Types of assemblies a test host normally has not loaded, each named by its defining assembly.</summary>
    private static readonly (string Type, string Assembly)[] UnloadedCandidates =
    [
        ("System.Diagnostics.Process", "System.Diagnostics.Process"),
        ("System.Net.Mail.SmtpClient", "System.Net.Mail"),
        ("Microsoft.VisualBasic.Collection", "Microsoft.VisualBasic.Core"),
        ("System.Xml.XmlDocument", "System.Private.Xml"),
        ("System.Data.DataSet", "System.Data.Common"),
        ("System.IO.Pipes.NamedPipeServerStream", "System.IO.Pipes"),
        ("System.Net.Mail.SmtpException", "System.Net.Mail"),
        ("System.Security.Cryptography.Xml.SignedXml", "System.Security.Cryptography.Xml"),
    ];

    private readonly MessageCodec _codec = new(null);

    public enum WireColour
    {
        Red,
        Green,
    }

    public delegate void WireCallback();

    public interface IWireObjectGrain : IGrainWithStringKey
    {
        Task<string> TakeAsync(object? value);
    }

    [Theory]
    [InlineData(typeof(int))]
    [InlineData(typeof(bool))]
    [InlineData(typeof(double))]
    [InlineData(typeof(char))]
    [InlineData(typeof(string))]
    [InlineData(typeof(decimal))]
    [InlineData(typeof(DateTime))]
    [InlineData(typeof(DateTimeOffset))]
    [InlineData(typeof(Guid))]
    [InlineData(typeof(TimeSpan))]
    [InlineData(typeof(DayOfWeek))]
    [InlineData(typeof(WireColour))]
    [InlineData(typeof(int[]))]
    [InlineData(typeof(List<string>))]
    [InlineData(typeof(Dictionary<string, List<WireColour>>))]
    [InlineData(typeof(List<int?>))]
    [InlineData(typeof(WireFormatTests.WireDog))]
    [InlineData(typeof(WireEnvelope<WireFormatTests.WireDog>))]
    [InlineData(typeof(WireEnvelope<Dictionary<Guid, decimal[]>>))]
    [InlineData(typeof(List<List<List<List<int>>>>))]
    [InlineData(typeof(Dictionary<string, Dictionary<string, Dictionary<string, List<WireFormatTests.WireDog>>>>))]
    public void Resolve_AllowedTypes_ResolveForObject(Type type)
    {
        Assert.Equal(type, WireTypes.Resolve(WireTypes.NameOf(type), typeof(object)));
        WireTypes.EnsureAllowed(type, typeof(object));
    }

    [Theory]
    [InlineData(typeof(FileInfo))]
    [InlineData(typeof(DirectoryInfo))]
    [InlineData(typeof(FileStream))]
    [InlineData(typeof(MemoryStream))]
    [InlineData(typeof(Action))]
    [InlineData(typeof(WireCallback))]
    [InlineData(typeof(Type))]
    [InlineData(typeof(Assembly))]
    [InlineData(typeof(Uri))]
    [InlineData(typeof(object))]
    [InlineData(typeof(nint))]
    [InlineData(typeof(Lazy<int>))]
    [InlineData(typeof(List<FileInfo>))]
    [InlineData(typeof(Dictionary<string, object>))]
    [InlineData(typeof(WireEnvelope<FileInfo>))]
    [InlineData(typeof(int[,]))]
    [InlineData(typeof(HashSet<int>))]
    [InlineData(typeof(WireFormatTests.IWireShapesGrain))]
    [InlineData(typeof(WireShape))]
    [InlineData(typeof(List<List<List<List<List<int>>>>>))]
    public void Resolve_DisallowedTypes_AreRefusedWithAClearMessage(Type type)
    {
        var name = WireTypes.NameOf(type);

        var error = Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(name, typeof(object)));
        Assert.StartsWith("The wire type '", error.Message, StringComparison.Ordinal);
        Assert.Contains("is refused here: ", error.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => WireTypes.EnsureAllowed(type, typeof(object)));
    }

    [Fact]
    public void Resolve_RuntimeTypeOfType_IsRefused() =>
        Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(WireTypes.NameOf(typeof(int).GetType()), typeof(object)));

    [Fact]
    public void Resolve_NamesOfUnloadedAssembliesAndForwarders_LoadNothing()
    {
        var unloaded = UnloadedCandidates.Where(c => !IsLoaded(c.Assembly)).ToList();
        Assert.True(unloaded.Count >= 3, $"the test host already loaded most candidates: {string.Join(", ", UnloadedCandidates.Select(c => c.Assembly))}");

        // Facades that forward these names elsewhere; Assembly.GetType on them would load the target.
        var facades = new[] { "netstandard", "System.Runtime", "mscorlib", "System" }.Where(IsLoaded).ToList();
        var names = new List<string>();
        foreach (var (type, assembly) in unloaded)
        {
            names.Add($"{type}, {assembly}");
            names.Add($"{type}, {assembly}, Version=10.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a");
            names.Add($"System.Collections.Generic.List`1[[{type}, {assembly}]], {CoreLib}");
            names.Add($"{type}[], {assembly}");
            names.AddRange(facades.Select(f => $"{type}, {f}"));
        }

        // Warm up: the parser, the assembly index and each facade's forwarders, with names that are refused too.
        Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve("No.Such.Type, No.Such.Assembly", typeof(object)));
        foreach (var facade in facades)
        {
            Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve($"No.Such.Type, {facade}", typeof(object)));
            Assert.Throws<InvalidOperationException>(() => WireTypes.ResolveException($"No.Such.Type, {facade}"));
        }

        var before = AppDomain.CurrentDomain.GetAssemblies().Length;
        var cached = (WireTypes.CachedValues, WireTypes.CachedExceptions);

        foreach (var name in names)
        {
            var error = Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(name, typeof(object)));
            Assert.Contains("refused", error.Message, StringComparison.Ordinal);
            Assert.Throws<InvalidOperationException>(() => WireTypes.ResolveException(name));
            var remote = Assert.IsType<RemoteGrainException>(_codec.DecodeError(ErrorBody(name, "boom")));
            Assert.Equal("boom", remote.Message);
        }

        Assert.Empty(unloaded.Where(c => IsLoaded(c.Assembly)).Select(c => c.Assembly));
        Assert.Equal(before, AppDomain.CurrentDomain.GetAssemblies().Length);
        Assert.Equal(cached, (WireTypes.CachedValues, WireTypes.CachedExceptions));
    }

    [Fact]
    public void Resolve_FloodOfDistinctGarbageNames_CachesNothing_AndEachCallFailsAlone()
    {
        var valid = WireTypes.NameOf(typeof(WireFormatTests.WireDog));
        Assert.Equal(typeof(WireFormatTests.WireDog), WireTypes.Resolve(valid, typeof(object)));
        var cached = (WireTypes.CachedValues, WireTypes.CachedExceptions);
        var random = new Random(20261122);
        var longName = new string('A', WireTypes.MaxNameLength + 1);

        for (var i = 0; i < 20_000; i++)
        {
            var name = (i % 8) switch
            {
                0 => $"Garbage.Type{i}, Garbage.Assembly{i}",
                1 => $"System.Int32X{i}, {CoreLib}",
                2 => $"GovOrleans.Runtime.Tests.Cluster.Nothing{i}, GovOrleans.Runtime.Tests",
                3 => RandomText(random, 1 + (i % 300)),
                4 => $"System.Collections.Generic.List`1[[Garbage{i}, {CoreLib}]], {CoreLib}",
                5 => string.Concat(Enumerable.Repeat("System.Collections.Generic.List`1[[", 20)) + i,
                6 => longName + i,
                _ => $"System.IO.FileInfo{(i % 2 == 0 ? string.Empty : "[]")}, {CoreLib}",
            };

            Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(name, typeof(object)));
            if (i % 10 == 0)
            {
                Assert.IsType<RemoteGrainException>(_codec.DecodeError(ErrorBody(name, "flood")));
            }
        }

        Assert.Equal(cached, (WireTypes.CachedValues, WireTypes.CachedExceptions));

        // The good name still resolves, from the cache or not.
        Assert.Equal(typeof(WireFormatTests.WireDog), WireTypes.Resolve(valid, typeof(WireFormatTests.WireAnimal)));
    }

    [Fact]
    public void Resolve_FloodOfDistinctValidNames_BuildsAtMostTheBudget_AndStaysWithinTheCacheBound()
    {
        Type[] leaves =
        [
            typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
            typeof(char), typeof(double), typeof(float), typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset),
            typeof(Guid), typeof(TimeSpan),
        ];
        var names = (from a in leaves from b in leaves from c in leaves select Dictionary(a, Dictionary(b, c))).Take(WireTypes.CacheCapacity + 300).ToList();
        using var budget = ConstructedTypes.FreshBudgetForTests();
        var resolved = new HashSet<Type>();
        var refused = 0;

        for (var i = 0; i < names.Count; i++)
        {
            try
            {
                var type = WireTypes.Resolve(names[i], typeof(object));
                Assert.Equal(typeof(Dictionary<,>), type.GetGenericTypeDefinition());
                resolved.Add(type);
            }
            catch (InvalidOperationException error)
            {
                Assert.Contains($"build the {ConstructedTypes.PeerBudget} it allows", error.Message, StringComparison.Ordinal);
                refused++;
            }

            Assert.True(ConstructedTypes.PeerBuilt <= ConstructedTypes.PeerBudget, $"{ConstructedTypes.PeerBuilt} built after {i + 1} names");
            Assert.True(WireTypes.CachedValues <= WireTypes.CacheCapacity, $"{WireTypes.CachedValues} cached after {i + 1} names");
        }

        // Each accepted name built its outer dictionary, most their inner one too: 2,348 names, at most 256 new types.
        Assert.InRange(resolved.Count, ConstructedTypes.PeerBudget / 2, ConstructedTypes.PeerBudget);
        Assert.Equal(names.Count - resolved.Count, refused);
        Assert.InRange(ConstructedTypes.PeerBuilt, ConstructedTypes.PeerBudget - 1, ConstructedTypes.PeerBudget);

        // What was built still resolves, and so does what this process sends itself; new combinations stay refused.
        var first = resolved.First();
        Assert.Equal(first, WireTypes.Resolve(WireTypes.NameOf(first), typeof(object)));
        WireTypes.EnsureAllowed(typeof(List<string>), typeof(object));
        Assert.Equal(typeof(List<string>), WireTypes.Resolve(WireTypes.NameOf(typeof(List<string>)), typeof(IReadOnlyList<string>)));
        Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(names[^1], typeof(object)));
    }

    [Fact]
    public void EncodeRequest_ArgumentOfADisallowedType_FailsBeforeSending()
    {
        var method = GrainInterfaceMetadata.Get(typeof(IWireObjectGrain), new DeepCopier()).Methods.Single();

        var error = Assert.Throws<NotSupportedException>(
            () => _codec.EncodeRequest(1, GrainId.Parse("wireobject/a"), method, [new FileInfo("/etc/hosts")], null, null, default));

        Assert.Contains("A System.IO.FileInfo cannot cross silos where Object is declared", error.Message, StringComparison.Ordinal);
        using var allowed = _codec.EncodeRequest(2, GrainId.Parse("wireobject/a"), method, [new List<int> { 1 }], null, null, default);
    }

    [Fact]
    public void DecodeRequestBody_OverrideNamingADisallowedType_IsRefused()
    {
        var method = GrainInterfaceMetadata.Get(typeof(IWireObjectGrain), new DeepCopier()).Methods.Single();
        var body = $$"""{"t":{"0":"System.IO.FileInfo, {{CoreLib}}"},"a":[{"OriginalPath":"/etc/passwd"}]}""";

        var error = Assert.Throws<InvalidOperationException>(() => _codec.DecodeRequestBody(1, GrainId.Parse("wireobject/a"), method, Encoding.UTF8.GetBytes(body)));

        Assert.Contains("System.IO.FileInfo", error.Message, StringComparison.Ordinal);
        Assert.Contains("only these may cross silos", error.Message, StringComparison.Ordinal);
    }

    private static string Dictionary(Type key, Type value) => Dictionary(WireTypes.NameOf(key), WireTypes.NameOf(value));

    private static string Dictionary(Type key, string value) => Dictionary(WireTypes.NameOf(key), value);

    private static string Dictionary(string key, string value) => $"System.Collections.Generic.Dictionary`2[[{key}],[{value}]], {CoreLib}";

    private static bool IsLoaded(string assembly) =>
        AppDomain.CurrentDomain.GetAssemblies().Any(a => string.Equals(a.GetName().Name, assembly, StringComparison.OrdinalIgnoreCase));

    private static byte[] ErrorBody(string typeName, string message) =>
        Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { type = typeName, message, props = new { } }));

    private static string RandomText(Random random, int length)
    {
        const string alphabet = "abcXYZ019.,+[]`*&\\ =_";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    public sealed class WireEnvelope<T>
    {
        public T? Content { get; set; }
    }

    public abstract class WireShape
    {
        public int Sides { get; set; }
    }
}
