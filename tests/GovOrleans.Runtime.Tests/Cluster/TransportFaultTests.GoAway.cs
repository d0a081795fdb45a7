using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GovOrleans.Runtime.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>GoAway on both ends: the side that receives it stops writing requests, the side that sends it keeps answering.</summary>
public sealed partial class TransportFaultTests
{
    [Fact]
    public async Task GoAwayReceived_StopsNewRequestsOnThatConnection_AndStillCompletesTheOutstandingOnes()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync((IPEndPoint)listener.LocalEndPoint!);
        using var silo = new RawPeer(await listener.AcceptAsync());
        var handler = new RecordingHandler();
        var connection = new Connection(socket, MessageCodec.EncodeHello(PeerRole.Client, "goaway", "client:t"), new TransportOptions(), handler, NullLogger.Instance);
        connection.Start();
        try
        {
            Assert.Equal(FrameKind.Hello, (await silo.ReadFrameAsync()).Kind);
            await silo.SendAsync(Hello(PeerRole.Silo, "goaway", FakeSiloIdentity));
            var first = new RecordingCall();
            var second = new RecordingCall();
            Assert.True(await connection.SendAsync(Encoded(Request(1, 7, "probe/a", """{"a":[]}""")), first, 1));
            Assert.True(await connection.SendAsync(Encoded(Request(2, 7, "probe/b", """{"a":[]}""")), second, 2));
            Assert.Equal(1, (await silo.ReadFrameAsync()).MessageId);
            Assert.Equal(2, (await silo.ReadFrameAsync()).MessageId);

            await silo.SendAsync(Frame(FrameKind.GoAway, 0, w => WriteString(w, "shutting down")));
            Assert.Equal("shutting down", await handler.GoAway.Task.WaitAsync(ReadTimeout));

            // A new request is refused before any byte of it is written: provably not run, so the router may re-route it.
            Assert.False(connection.CanTakeRequests);
            var late = new RecordingCall();
            Assert.False(await connection.SendAsync(Encoded(Request(3, 7, "probe/c", """{"a":[]}""")), late, 3));
            Assert.Contains("not sent", await late.NotSent.Task.WaitAsync(ReadTimeout), StringComparison.Ordinal);

            // The requests written before the GoAway still get their answers, and the connection stays until the last.
            await silo.SendAsync(Frame(FrameKind.Response, 1, w => w.Write((byte)ResponseStatus.Ok)));
            Assert.Equal(ResponseStatus.Ok, await first.Response.Task.WaitAsync(ReadTimeout));
            Assert.False(connection.IsClosed, "closed while request 2 was still outstanding");
            await silo.SendAsync(Frame(FrameKind.Response, 2, w => w.Write((byte)ResponseStatus.Ok)));
            Assert.Equal(ResponseStatus.Ok, await second.Response.Task.WaitAsync(ReadTimeout));

            // Then the receiver closes it; the late request never reached the wire.
            await connection.Closed.WaitAsync(ReadTimeout);
            Assert.Equal(0, await silo.ReadToEndAsync());
            Assert.False(first.Lost || second.Lost || late.Lost || late.Response.Task.IsCompleted);
        }
        finally
        {
            connection.Close("test over");
        }
    }

    [Fact]
    public async Task StoppingASilo_SendsGoAway_AnswersRequestsThatArriveAfterIt_AndWaitsForThePeerToClose()
    {
        await using var target = await Target.StartAsync(siloPort: true);
        using var peer = await target.ConnectAsync(hello: true);

        var stopping = target.Cluster.StopSiloAsync(target.Silo);
        var goAway = await peer.ReadFrameAsync();
        Assert.Equal((FrameKind.GoAway, 0L), (goAway.Kind, goAway.MessageId));

        // The silo keeps reading: a request written after its GoAway gets an answer ("not executed": its catalog has
        // stopped, so the caller may send it elsewhere) instead of a closed connection.
        await peer.SendAsync(Request(7, target.WhereMethodId, target.GrainId, """{"a":[]}"""));
        await peer.ReadResponseAsync(7, ResponseStatus.NotExecuted);
        Assert.False(stopping.IsCompleted, "the silo stopped before its peer closed the connection");

        // Once the peer closes, the stop goes on at once instead of waiting for the drain limit (5 s).
        var closedAt = Stopwatch.StartNew();
        peer.Dispose();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(closedAt.Elapsed < TimeSpan.FromSeconds(4), $"the stop took {closedAt.Elapsed} after the peer closed");
    }

    [Fact]
    public async Task GoAwayWithAMessageId_ClosesThatConnection()
    {
        await using var target = await Target.StartAsync(siloPort: false);
        using (var peer = await target.ConnectAsync(hello: true))
        {
            await peer.SendFaultAsync(Frame(FrameKind.GoAway, 5, w => WriteString(w, "bye")));
            await peer.AssertClosedAsync("GoAway with message id 5");
        }

        await target.AssertStillServingAsync();
    }

    private static PooledBufferWriter Encoded(byte[] frame)
    {
        var buffer = new PooledBufferWriter();
        frame.CopyTo(buffer.GetSpan(frame.Length));
        buffer.Advance(frame.Length);
        return buffer;
    }

    private sealed class RecordingHandler : IConnectionHandler
    {
        public TaskCompletionSource<string> GoAway { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool OnHello(Connection connection, PeerRole role, string clusterId, string identity) => true;

        public void OnRequest(Connection connection, long messageId, ref FrameReader reader) =>
            throw new MalformedFrameException("This end serves no requests.");

        public void OnGoAway(Connection connection, string reason) => GoAway.TrySetResult(reason);

        public void OnClosed(Connection connection)
        {
        }
    }

    private sealed class RecordingCall : IRemoteCall
    {
        public TaskCompletionSource<ResponseStatus> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> NotSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Lost { get; private set; }

        public bool TryMarkSent() => true;

        public void OnResponse(ResponseStatus status, ref FrameReader reader) => Response.TrySetResult(status);

        public void OnConnectionLost(string peer) => Lost = true;

        public void OnNotSent(string reason) => NotSent.TrySetResult(reason);
    }
}
