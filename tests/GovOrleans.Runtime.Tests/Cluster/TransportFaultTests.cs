using System.Buffers.Binary;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Messaging;
using GovOrleans.Runtime.Serialization;
using GovOrleans.Runtime.Testing;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>
/// Raw TCP peers that break the wire format against a live two-silo cluster: each broken connection is closed (or, for
/// a request the silo can frame but not serve, answered with an error), and nothing else notices.
/// </summary>
[Trait("Category", "Cluster")]
public sealed partial class TransportFaultTests
{
    private const string FakeSiloIdentity = "127.0.0.1:1@1";
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OversizedLengthPrefix_ClosesThatConnection_AndTheSiloKeepsServing(bool siloPort)
    {
        await using var target = await Target.StartAsync(siloPort);
        foreach (var length in new[] { target.MaxFrameSize + 1, int.MaxValue, 8, -1 })
        {
            using var peer = await target.ConnectAsync(hello: true);
            await peer.SendFaultAsync(LengthPrefix(length));
            await peer.AssertClosedAsync($"length prefix {length}");
        }

        await target.AssertStillServingAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GarbageBytes_CloseTheConnection(bool siloPort)
    {
        await using var target = await Target.StartAsync(siloPort);
        var garbage = new byte[4096];
        new Random(20260518).NextBytes(garbage);
        Assert.False(BinaryPrimitives.ReadInt32LittleEndian(garbage) is var length && length >= 9 && length <= target.MaxFrameSize, "the seed must give an invalid length");
        foreach (var afterHello in new[] { true, false })
        {
            using var peer = await target.ConnectAsync(hello: afterHello);
            await peer.SendFaultAsync(garbage);
            await peer.AssertClosedAsync($"garbage (after hello: {afterHello})");
        }

        // A frame of the right length whose content is garbage: an unknown kind byte.
        using (var peer = await target.ConnectAsync(hello: true))
        {
            await peer.SendFaultAsync(Frame((FrameKind)0x7F, 1, w => w.Write(garbage.AsSpan(0, 32))));
            await peer.AssertClosedAsync("unknown frame kind");
        }

        await target.AssertStillServingAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TruncatedFrameThenClose_DoesNoHarm(bool siloPort)
    {
        await using var target = await Target.StartAsync(siloPort);
        var connections = target.Silo.Services.GetRequiredService<ConnectionManager>();
        var before = connections.ConnectionCount;

        using (var peer = await target.ConnectAsync(hello: true))
        {
            var request = Request(5, target.WhereMethodId, target.GrainId, """{"a":[]}""");
            await peer.SendAsync(request.AsMemory(0, request.Length - 3));
        }

        using (var peer = await target.ConnectAsync(hello: false))
        {
            var hello = target.Hello();
            await peer.SendAsync(hello.AsMemory(0, hello.Length / 2));
        }

        using (var peer = await target.ConnectAsync(hello: false))
        {
            await peer.SendAsync(LengthPrefix(100).AsMemory(0, 2));
        }

        // The silo notices each half frame when the peer closes and forgets those connections.
        await Poll.UntilAsync(() => connections.ConnectionCount == before, ReadTimeout);

        Assert.Equal(before, connections.ConnectionCount);

        await target.AssertStillServingAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HelloWithAnotherClusterId_IsRefused(bool siloPort)
    {
        await using var target = await Target.StartAsync(siloPort);
        using var peer = await target.ConnectAsync(hello: false);

        await peer.SendFaultAsync(Hello(siloPort ? PeerRole.Silo : PeerRole.Client, target.ClusterId + "-other", siloPort ? FakeSiloIdentity : "client:x"));

        await peer.AssertClosedAsync("hello for another cluster");
        await target.AssertStillServingAsync();
    }

    [Fact]
    public async Task HellosThatBreakTheHandshake_AreRefused()
    {
        await using var gateway = await Target.StartAsync(siloPort: false);
        await using var siloPort = gateway.OtherPort();
        var id = gateway.ClusterId;
        var cases = new (Target Target, string Name, byte[] Frame)[]
        {
            (gateway, "silo role on the gateway port", Hello(PeerRole.Silo, id, FakeSiloIdentity)),
            (siloPort, "client role on the silo port", Hello(PeerRole.Client, id, "client:x")),
            (siloPort, "silo hello with an identity that is no silo address", Hello(PeerRole.Silo, id, "not-a-silo")),
            (gateway, "unknown role", Hello((PeerRole)9, id, "client:x")),
            (gateway, "request before the hello", Request(1, gateway.WhereMethodId, gateway.GrainId, """{"a":[]}""")),
            (gateway, "hello cut short inside its frame", Frame(FrameKind.Hello, 0, w => w.Write((byte)PeerRole.Client))),
        };
        foreach (var (target, name, frame) in cases)
        {
            using var peer = await target.ConnectAsync(hello: false);
            await peer.SendFaultAsync(frame);
            await peer.AssertClosedAsync(name);
        }

        using (var twice = await gateway.ConnectAsync(hello: true))
        {
            await twice.SendFaultAsync(gateway.Hello());
            await twice.AssertClosedAsync("second hello");
        }

        await gateway.AssertStillServingAsync();
        await siloPort.AssertStillServingAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UnknownMethodId_GetsAnErrorResponse_AndTheConnectionStaysUsable(bool siloPort)
    {
        await using var target = await Target.StartAsync(siloPort);
        var codec = target.Silo.Services.GetRequiredService<MessageCodec>();
        var unknown = 0x5EED;
        while (codec.FindMethod(unknown) is not null)
        {
            unknown++;
        }

        using var peer = await target.ConnectAsync(hello: true);
        await peer.SendAsync(Request(1001, unknown, target.GrainId, """{"a":[]}"""));

        var body = await peer.ReadResponseAsync(1001, ResponseStatus.Error);
        var error = Assert.IsType<NotSupportedException>(codec.DecodeError(body));
        Assert.Contains(unknown.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);

        await peer.SendAsync(Request(1002, target.WhereMethodId, target.GrainId, """{"a":[]}"""));
        Assert.Equal(target.Silo.Name, Value(await peer.ReadResponseAsync(1002, ResponseStatus.Ok)).GetString());
        await target.AssertStillServingAsync();
    }

    [Fact]
    public async Task BrokenRequestBody_GetsAnErrorResponseWithTheSameId_AndTheSiloKeepsServing()
    {
        await using var target = await Target.StartAsync(siloPort: false);
        var codec = target.Silo.Services.GetRequiredService<MessageCodec>();
        var add = target.MethodId(nameof(IClusterProbeGrain.AddAsync));
        var (key, grain) = await target.KeyHomedOnSiloAsync("broken");
        string[] bodies =
        [
            "",
            "not json",
            """{"a":[""",
            """{"a":["five"]}""",
            """{"a":[1,2]}""",
            """{"a":[]}""",
            """{"x":{}}""",
            """{"t":{"0":"System.Diagnostics.Process, System.Diagnostics.Process"},"a":[1]}""",
            """{"t":{"7":"System.Int32, System.Private.CoreLib"},"a":[1]}""",
            """{"a":[1],"x":{"k":["t",null]}}""",
            """{"a":[1],"x":{"k":["i",1e99]}}""",
            """{"a":[1],"c":[["no grain id",true]]}""",
            """{"a":[1],"p":17}""",
        ];

        using var peer = await target.ConnectAsync(hello: true);
        for (var i = 0; i < bodies.Length; i++)
        {
            await peer.SendAsync(Request(2000 + i, add, grain, bodies[i]));
            var error = codec.DecodeError(await peer.ReadResponseAsync(2000 + i, ResponseStatus.Error));
            Assert.True(error is ArgumentException, $"body {bodies[i]}: {error}");
        }

        // None of the broken requests ran: the first good one starts from zero, and a client sees the same state.
        await peer.SendAsync(Request(3000, add, grain, """{"a":[5]}"""));
        Assert.Equal(5, Value(await peer.ReadResponseAsync(3000, ResponseStatus.Ok)).GetInt32());
        Assert.Equal(6, await target.Client.GrainFactory.GetGrain<IClusterProbeGrain>(key).AddAsync(1));
        await target.AssertStillServingAsync();
    }

    [Fact]
    public async Task ArgumentWhoseTypeRefusesTheValue_GetsAnErrorResponse_AndTheConnectionStaysUsable()
    {
        await using var target = await Target.StartAsync(siloPort: false);
        var codec = target.Silo.Services.GetRequiredService<MessageCodec>();
        var measure = GrainInterfaceMetadata.Get(typeof(IPickyGrain), target.Silo.Services.GetRequiredService<DeepCopier>()).Methods
            .Single(m => m.InterfaceMethod.Name == nameof(IPickyGrain.MeasureAsync)).WireId;
        var picky = target.Client.GrainFactory.GetGrain<IPickyGrain>("p1");
        Assert.Equal(3, await picky.MeasureAsync(new PickyLength { Value = 3 }));

        // The type's own setter throws while the silo reads the argument: the caller gets an error, not silence.
        using var peer = await target.ConnectAsync(hello: true);
        await peer.SendAsync(Request(4000, measure, picky.GetGrainId().ToString(), """{"a":[{"Value":-1}]}"""));
        var error = codec.DecodeError(await peer.ReadResponseAsync(4000, ResponseStatus.Error));
        Assert.Contains("cannot be negative", error.Message, StringComparison.Ordinal);

        await peer.SendAsync(Request(4001, target.WhereMethodId, target.GrainId, """{"a":[]}"""));
        Assert.Equal(target.Silo.Name, Value(await peer.ReadResponseAsync(4001, ResponseStatus.Ok)).GetString());
        await target.AssertStillServingAsync();
    }

    [Fact]
    public async Task ResultWhoseTypeRefusesTheValue_FailsThatCallOnly()
    {
        await using var target = await Target.StartAsync(siloPort: false);
        var picky = target.Client.GrainFactory.GetGrain<IPickyGrain>("p2");

        // The silo writes the value; the client's own copy of the type refuses it while reading the response.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => picky.NegativeAsync()).WaitAsync(ReadTimeout);

        Assert.Contains("cannot be negative", error.InnerException?.Message, StringComparison.Ordinal);
        Assert.Equal(4, await picky.MeasureAsync(new PickyLength { Value = 4 }).WaitAsync(ReadTimeout));
        await target.AssertStillServingAsync();
    }

    [Fact]
    public async Task MalformedFramesOnOtherConnections_DoNotFailConcurrentClientCalls()
    {
        await using var gateway = await Target.StartAsync(siloPort: false);
        var targets = new List<Target> { gateway, gateway.OtherPort() };
        foreach (var silo in gateway.Cluster.Silos.Skip(1))
        {
            targets.Add(Target.On(gateway.Cluster, gateway.Client, silo, siloPort: false));
            targets.Add(Target.On(gateway.Cluster, gateway.Client, silo, siloPort: true));
        }

        var attackDone = new TaskCompletionSource();
        var workers = Enumerable.Range(0, 4).Select(async w =>
        {
            var calls = new Dictionary<string, int>();
            for (var i = 0; !attackDone.Task.IsCompleted || i < 20; i++)
            {
                var key = $"busy{w}-{i % 8}";
                await gateway.Client.GrainFactory.GetGrain<IClusterProbeGrain>(key).AddAsync(1);
                calls[key] = calls.GetValueOrDefault(key) + 1;
            }

            return calls;
        }).ToList();

        var garbage = new byte[512];
        new Random(7).NextBytes(garbage);
        Func<Target, byte[]>[] faults =
        [
            _ => LengthPrefix(int.MaxValue),
            _ => garbage,
            t => Hello(PeerRole.Client, t.ClusterId + "-other", "client:x"),
            _ => Frame(FrameKind.Request, 1, w => w.Write(garbage.AsSpan(0, 16))),
        ];
        try
        {
            for (var round = 0; round < 5; round++)
            {
                foreach (var target in targets)
                {
                    using var peer = await target.ConnectAsync(hello: false);
                    await peer.SendFaultAsync(faults[round % faults.Length](target));
                    await peer.AssertClosedAsync($"round {round}");
                }
            }
        }
        finally
        {
            attackDone.SetResult();
        }

        foreach (var calls in await Task.WhenAll(workers).Within("client calls"))
        {
            foreach (var (key, count) in calls)
            {
                Assert.Equal(count, await gateway.Client.GrainFactory.GetGrain<IClusterProbeGrain>(key).GetAsync());
            }
        }
    }

    public interface IPickyGrain : IGrainWithStringKey
    {
        Task<int> MeasureAsync(PickyLength length);

        Task<PickyLength> NegativeAsync();
    }

    /// <summary>
    /// A type that validates in its setter, so reading it runs code that throws its own exception. Marked immutable so
    /// that the silo hands its result to the wire as it is, without a local copy that would read it first.
    /// </summary>
    [Immutable]
    public sealed class PickyLength
    {
        private int _value;

        public int Value
        {
            get => _value;
            set => _value = value >= 0 ? value : throw new InvalidDataException("A length cannot be negative.");
        }

        public static PickyLength Unchecked(int value) => new() { _value = value };
    }

    public sealed class PickyGrain : Grain, IPickyGrain
    {
        public Task<int> MeasureAsync(PickyLength length) => Task.FromResult(length.Value);

        public Task<PickyLength> NegativeAsync() => Task.FromResult(PickyLength.Unchecked(-1));
    }
}
