using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Messaging;
using GovOrleans.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>Peers that name types for arguments declared <see cref="object"/>: only allowed types are accepted.</summary>
public sealed partial class TransportFaultTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ArgumentNamingADisallowedType_FailsThatCallOnly_AndTheConnectionStaysUsable(bool siloPort)
    {
        await using var target = await Target.StartAsync(siloPort);
        var codec = target.Silo.Services.GetRequiredService<MessageCodec>();
        var take = GrainInterfaceMetadata.Get(typeof(IObjectArgumentGrain), target.Silo.Services.GetRequiredService<DeepCopier>()).Methods.Single().WireId;
        var (key, grainId) = await ObjectGrainOnAsync(target);
        var grain = target.Client.GrainFactory.GetGrain<IObjectArgumentGrain>(key);

        // Through a client: allowed types arrive as themselves; a disallowed one is refused before it is sent.
        Assert.Equal($"{target.Silo.Name}:Int32", await grain.TakeAsync(5));
        Assert.Equal($"{target.Silo.Name}:List`1", await grain.TakeAsync(new List<string> { "a" }));
        Assert.Equal($"{target.Silo.Name}:ProbeBag", await grain.TakeAsync(new Grains.ProbeBag()));
        var refusedHere = await Assert.ThrowsAsync<NotSupportedException>(() => grain.TakeAsync(new Uri("file:///etc/hosts")));
        Assert.Contains("System.Uri cannot cross silos", refusedHere.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotSupportedException>(() => grain.TakeAsync(new HashSet<int> { 1 }));

        // A raw peer names them anyway: each request fails alone with the reason, and the next one on the connection works.
        string[] refused =
        [
            "System.IO.FileInfo, System.Private.CoreLib",
            "System.Diagnostics.Process, System.Diagnostics.Process",
            "System.Diagnostics.Process, netstandard",
            "System.RuntimeType, System.Private.CoreLib",
            "System.Action, System.Private.CoreLib",
            "System.Collections.Generic.List`1[[System.IO.DirectoryInfo, System.Private.CoreLib]], System.Private.CoreLib",
            "Garbage.Type, Garbage.Assembly",
            "[[[",
        ];
        using var peer = await target.ConnectAsync(hello: true);
        for (var i = 0; i < refused.Length; i++)
        {
            await peer.SendAsync(Request(5000 + i, take, grainId, $$"""{"t":{"0":"{{refused[i]}}"},"a":[{"OriginalPath":"/etc/passwd"}]}"""));
            var error = Assert.IsType<ArgumentException>(codec.DecodeError(await peer.ReadResponseAsync(5000 + i, ResponseStatus.Error)));
            Assert.Contains("is refused here", error.Message, StringComparison.Ordinal);
        }

        await peer.SendAsync(Request(5100, take, grainId, """{"t":{"0":"System.Int32, System.Private.CoreLib"},"a":[7]}"""));
        Assert.Equal($"{target.Silo.Name}:Int32", Value(await peer.ReadResponseAsync(5100, ResponseStatus.Ok)).GetString());
        await target.AssertStillServingAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FloodOfNamesOfNewTypes_FailsEachCallPastTheBudget_AndTheConnectionStaysUsable(bool siloPort)
    {
        await using var target = await Target.StartAsync(siloPort);
        var codec = target.Silo.Services.GetRequiredService<MessageCodec>();
        var take = GrainInterfaceMetadata.Get(typeof(IObjectArgumentGrain), target.Silo.Services.GetRequiredService<DeepCopier>()).Methods.Single().WireId;
        var (key, grainId) = await ObjectGrainOnAsync(target);
        Assert.Equal($"{target.Silo.Name}:List`1", await target.Client.GrainFactory.GetGrain<IObjectArgumentGrain>(key).TakeAsync(new List<Guid> { Guid.Empty }));

        // Names no other test uses, so each one needs at least one new type.
        var names = (from a in WireTypeBudgetTests.Leaves
                     from b in WireTypeBudgetTests.Leaves
                     select WireTypeBudgetTests.Dictionary(a, siloPort ? WireTypeBudgetTests.List(WireTypeBudgetTests.ArrayOf(b)) : $"{b.FullName}[][], {b.Assembly.GetName().Name}")).ToList();
        using var budget = ConstructedTypes.FreshBudgetForTests();
        using var peer = await target.ConnectAsync(hello: true);
        var (accepted, refused) = (new List<string>(), 0);
        for (var i = 0; i < names.Count && refused < 3; i++)
        {
            await peer.SendAsync(Request(6000 + i, take, grainId, $$"""{"t":{"0":"{{names[i]}}"},"a":[null]}"""));
            var frame = await peer.ReadFrameAsync();
            Assert.Equal((FrameKind.Response, 6000L + i), (frame.Kind, frame.MessageId));
            if (frame.Body[0] == (byte)ResponseStatus.Ok)
            {
                accepted.Add(names[i]);
            }
            else
            {
                var error = Assert.IsType<ArgumentException>(codec.DecodeError(frame.Body[1..]));
                Assert.Contains($"build the {ConstructedTypes.PeerBudget} it allows", error.Message, StringComparison.Ordinal);
                refused++;
            }
        }

        Assert.Equal(3, refused);
        Assert.InRange(accepted.Count, ConstructedTypes.PeerBudget / 3, ConstructedTypes.PeerBudget);
        Assert.InRange(ConstructedTypes.PeerBuilt, ConstructedTypes.PeerBudget - 2, ConstructedTypes.PeerBudget);

        // The same connection still serves: types already built, types this process sends itself, leaves.
        (string Name, string Value, string Type)[] known =
        [
            (accepted[0], "{}", "Dictionary`2"),
            (accepted[^1], "{}", "Dictionary`2"),
            (WireTypes.NameOf(typeof(List<Guid>)), "[]", "List`1"),
            ("System.Int32, System.Private.CoreLib", "7", "Int32"),
        ];
        for (var i = 0; i < known.Length; i++)
        {
            await peer.SendAsync(Request(7000 + i, take, grainId, $$"""{"t":{"0":"{{known[i].Name}}"},"a":[{{known[i].Value}}]}"""));
            Assert.Equal($"{target.Silo.Name}:{known[i].Type}", Value(await peer.ReadResponseAsync(7000 + i, ResponseStatus.Ok)).GetString());
        }

        await target.AssertStillServingAsync();
    }

    /// <summary>Finds a grain of <see cref="IObjectArgumentGrain"/> that lives on the target's silo.</summary>
    private static async Task<(string Key, string GrainId)> ObjectGrainOnAsync(Target target)
    {
        for (var i = 0; i < 64; i++)
        {
            var grain = target.Client.GrainFactory.GetGrain<IObjectArgumentGrain>($"object-{i}");
            if ((await grain.TakeAsync(null)).StartsWith(target.Silo.Name + ":", StringComparison.Ordinal))
            {
                return ($"object-{i}", grain.GetGrainId().ToString());
            }
        }

        throw new InvalidOperationException($"No grain object-0..63 lives on {target.Silo.Name}.");
    }

    public interface IObjectArgumentGrain : IGrainWithStringKey
    {
        /// <summary>Returns "silo:type name" of the argument as the grain received it.</summary>
        Task<string> TakeAsync(object? value);
    }

    public sealed class ObjectArgumentGrain(IOptions<SiloOptions> silo) : Grain, IObjectArgumentGrain
    {
        public Task<string> TakeAsync(object? value) => Task.FromResult($"{silo.Value.SiloName}:{value?.GetType().Name ?? "null"}");
    }
}
