using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Messaging;
using GovOrleans.Runtime.Serialization;
using GovOrleans.Runtime.Testing;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Tests.Cluster;

public sealed partial class TransportFaultTests
{
    private static JsonElement Value(byte[] okBody)
    {
        using var document = JsonDocument.Parse(okBody);
        return document.RootElement.GetProperty("v").Clone();
    }

    private static byte[] LengthPrefix(int length)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, length);
        return bytes;
    }

    /// <summary>Builds a frame by the documented layout, independently of the runtime's encoder.</summary>
    private static byte[] Frame(FrameKind kind, long messageId, Action<BinaryWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(0);
            writer.Write((byte)kind);
            writer.Write(messageId);
            body(writer);
        }

        var bytes = stream.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes, bytes.Length - 4);
        return bytes;
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static byte[] Hello(PeerRole role, string clusterId, string identity) => Frame(FrameKind.Hello, 0, w =>
    {
        w.Write((byte)role);
        WriteString(w, clusterId);
        WriteString(w, identity);
    });

    private static byte[] Request(long messageId, int methodId, string grainId, string json) => Frame(FrameKind.Request, messageId, w =>
    {
        w.Write(methodId);
        WriteString(w, grainId);
        w.Write(Encoding.UTF8.GetBytes(json));
    });

    /// <summary>One port of one silo of a running cluster, with a client and a grain homed on that silo.</summary>
    private sealed class Target : IAsyncDisposable
    {
        private readonly bool _ownsCluster;

        private Target(InProcessTestCluster cluster, InProcessClient client, InProcessSilo silo, bool siloPort, bool ownsCluster)
        {
            Cluster = cluster;
            Client = client;
            Silo = silo;
            SiloPort = siloPort;
            _ownsCluster = ownsCluster;
            Port = siloPort ? silo.Address!.Value.Port : silo.Services.GetRequiredService<Silo>().GatewayPort;
            ClusterId = silo.Services.GetRequiredService<IOptions<SiloOptions>>().Value.ClusterId;
            MaxFrameSize = silo.Services.GetRequiredService<IOptions<TransportOptions>>().Value.MaxFrameSize;
            WhereMethodId = MethodId(nameof(IClusterProbeGrain.WhereAsync));
        }

        public InProcessTestCluster Cluster { get; }

        public InProcessClient Client { get; }

        public InProcessSilo Silo { get; }

        public bool SiloPort { get; }

        public int Port { get; }

        public string ClusterId { get; }

        public int MaxFrameSize { get; }

        public int WhereMethodId { get; }

        /// <summary>A grain that lives on <see cref="Silo"/>, for requests that must be served there.</summary>
        public string HomeKey { get; private set; } = string.Empty;

        /// <summary>The grain id of <see cref="HomeKey"/>.</summary>
        public string GrainId { get; private set; } = string.Empty;

        public static async Task<Target> StartAsync(bool siloPort)
        {
            var (cluster, _) = await ClusterTestHarness.StartAsync(2);
            var client = await cluster.CreateClientAsync();
            var target = new Target(cluster, client, cluster.Silos[0], siloPort, ownsCluster: true);
            (target.HomeKey, target.GrainId) = await target.KeyHomedOnSiloAsync("home");
            return target;
        }

        public static Target On(InProcessTestCluster cluster, InProcessClient client, InProcessSilo silo, bool siloPort) =>
            new(cluster, client, silo, siloPort, ownsCluster: false);

        /// <summary>The other port of the same silo, sharing the cluster, client and home grain.</summary>
        public Target OtherPort() => new(Cluster, Client, Silo, !SiloPort, ownsCluster: false) { HomeKey = HomeKey, GrainId = GrainId };

        public int MethodId(string name) =>
            GrainInterfaceMetadata.Get(typeof(IClusterProbeGrain), Silo.Services.GetRequiredService<DeepCopier>()).Methods
                .Single(m => m.InterfaceMethod.Name == name).WireId;

        /// <summary>A hello this port accepts.</summary>
        public byte[] Hello() => SiloPort ? TransportFaultTests.Hello(PeerRole.Silo, ClusterId, FakeSiloIdentity) : TransportFaultTests.Hello(PeerRole.Client, ClusterId, "client:raw");

        /// <summary>Finds (and activates) a grain <c>prefix-N</c> whose home is <see cref="Silo"/>.</summary>
        public async Task<(string Key, string GrainId)> KeyHomedOnSiloAsync(string prefix)
        {
            for (var i = 0; i < 64; i++)
            {
                var grain = Client.GrainFactory.GetGrain<IClusterProbeGrain>($"{prefix}-{i}");
                if (await grain.WhereAsync() == Silo.Name)
                {
                    return ($"{prefix}-{i}", grain.GetGrainId().ToString());
                }
            }

            throw new InvalidOperationException($"No grain {prefix}-0..63 lives on {Silo.Name}.");
        }

        /// <summary>Opens a raw connection; reads the silo's hello and, when asked, answers it with a valid one.</summary>
        public async Task<RawPeer> ConnectAsync(bool hello)
        {
            var peer = await RawPeer.ConnectAsync(Port);
            var frame = await peer.ReadFrameAsync();
            Assert.Equal(FrameKind.Hello, frame.Kind);
            Assert.Equal((PeerRole.Silo, ClusterId, Silo.Address!.Value.ToString()), DecodeHello(frame.Body));
            if (hello)
            {
                await peer.SendAsync(Hello());
            }

            return peer;
        }

        /// <summary>The client's calls reach this silo, and a fresh raw connection to this port is served.</summary>
        public async Task AssertStillServingAsync()
        {
            for (var i = 0; i < 10; i++)
            {
                await Client.GrainFactory.GetGrain<IClusterProbeGrain>($"alive-{i}").AddAsync(1);
            }

            Assert.Equal(Silo.Name, await Client.GrainFactory.GetGrain<IClusterProbeGrain>(HomeKey).WhereAsync());
            using var peer = await ConnectAsync(hello: true);
            await peer.SendAsync(Request(42, WhereMethodId, GrainId, """{"a":[]}"""));
            Assert.Equal(Silo.Name, Value(await peer.ReadResponseAsync(42, ResponseStatus.Ok)).GetString());
        }

        public async ValueTask DisposeAsync()
        {
            if (_ownsCluster)
            {
                await Client.DisposeAsync();
                await Cluster.DisposeAsync();
            }
        }

        private static (PeerRole Role, string ClusterId, string Identity) DecodeHello(byte[] body)
        {
            var reader = new FrameReader(body);
            return MessageCodec.DecodeHello(ref reader);
        }
    }

    private sealed record RawFrame(FrameKind Kind, long MessageId, byte[] Body);

    /// <summary>A TCP connection driven byte by byte; every read gives up after a few seconds.</summary>
    private sealed class RawPeer(Socket socket) : IDisposable
    {
        public static async Task<RawPeer> ConnectAsync(int port)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return new RawPeer(socket);
        }

        public async Task SendAsync(ReadOnlyMemory<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                bytes = bytes[await socket.SendAsync(bytes, SocketFlags.None)..];
            }
        }

        /// <summary>Sends bytes the silo may refuse before they all arrive: a reset while sending is expected.</summary>
        public async Task SendFaultAsync(byte[] bytes)
        {
            try
            {
                await SendAsync(bytes);
            }
            catch (SocketException)
            {
                // Already refused.
            }
        }

        public async Task<RawFrame> ReadFrameAsync()
        {
            using var timeout = new CancellationTokenSource(ReadTimeout);
            try
            {
                var prefix = new byte[4];
                await ReadExactlyAsync(prefix, timeout.Token);
                var frame = new byte[BinaryPrimitives.ReadInt32LittleEndian(prefix)];
                await ReadExactlyAsync(frame, timeout.Token);
                return new RawFrame((FrameKind)frame[0], BinaryPrimitives.ReadInt64LittleEndian(frame.AsSpan(1)), frame[9..]);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The silo sent no frame within {ReadTimeout}.");
            }
        }

        /// <summary>Reads the next frame, which must be the response to <paramref name="messageId"/>; returns the body after the status.</summary>
        public async Task<byte[]> ReadResponseAsync(long messageId, ResponseStatus status)
        {
            var frame = await ReadFrameAsync();
            Assert.Equal((FrameKind.Response, messageId, (byte)status), (frame.Kind, frame.MessageId, frame.Body[0]));
            return frame.Body[1..];
        }

        /// <summary>Waits for the silo to close the connection (end of stream or reset), failing after a few seconds.</summary>
        public async Task AssertClosedAsync(string fault)
        {
            using var timeout = new CancellationTokenSource(ReadTimeout);
            var buffer = new byte[4096];
            try
            {
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
                {
                    // Frames the silo sent before it gave up on us (its hello).
                }
            }
            catch (SocketException)
            {
                // Reset: closed as well.
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The silo kept the connection open after: {fault}.");
            }
        }

        /// <summary>Reads until the other end closes; returns how many bytes arrived first, failing after a few seconds.</summary>
        public async Task<int> ReadToEndAsync()
        {
            using var timeout = new CancellationTokenSource(ReadTimeout);
            var buffer = new byte[4096];
            var total = 0;
            try
            {
                for (int count; (count = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0;)
                {
                    total += count;
                }
            }
            catch (SocketException)
            {
                // Reset: closed as well.
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The connection stayed open for {ReadTimeout}.");
            }

            return total;
        }

        public void Dispose() => socket.Dispose();

        private async Task ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
        {
            for (var read = 0; read < buffer.Length;)
            {
                var count = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
                Assert.True(count > 0, "The silo closed the connection.");
                read += count;
            }
        }
    }
}
