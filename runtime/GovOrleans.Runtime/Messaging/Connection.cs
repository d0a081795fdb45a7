using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using GovOrleans.Runtime.Membership;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Runtime.Messaging;

/// <summary>
/// One TCP connection carrying length-prefixed frames in both directions, multiplexed by message id. A single writer
/// loop drains a bounded queue into the socket and flushes once the queue is empty, so concurrent calls share syscalls;
/// a single reader loop parses frames. Any broken frame closes this connection only: its own pending calls fail (or are
/// re-routed when they were never sent) and nothing else is touched. A GoAway from the peer ends it gracefully instead
/// (<c>Connection.GoAway.cs</c>).
/// </summary>
internal sealed partial class Connection
{
    private const int FlushThreshold = 64 * 1024;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<OutgoingFrame> _queue;
    private readonly ConcurrentDictionary<long, IRemoteCall> _pending = new();
    private readonly SemaphoreSlim _incomingSlots;
    private readonly TransportOptions _options;
    private readonly IConnectionHandler _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<(PeerRole Role, string Identity)> _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closed;

    /// <summary>Wraps a connected socket; <paramref name="hello"/> is queued first, before any other frame.</summary>
    public Connection(Socket socket, PooledBufferWriter hello, TransportOptions options, IConnectionHandler handler, ILogger logger)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024));
        _queue = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(options.MaxQueuedFrames)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _queue.Writer.TryWrite(new OutgoingFrame(hello, null, 0));
        _incomingSlots = new SemaphoreSlim(options.MaxIncomingRequestsPerConnection);
        _options = options;
        _handler = handler;
        _logger = logger;
        Peer = socket.RemoteEndPoint?.ToString() ?? "unknown";
    }

    /// <summary>The remote endpoint, for logs.</summary>
    public string Peer { get; }

    /// <summary>Set once the hello is accepted: the peer silo (null for clients).</summary>
    public SiloAddress? PeerSilo { get; set; }

    public PeerRole? PeerRole { get; private set; }

    /// <summary>For accepted connections, the one role the listener takes; null for connections this process opened.</summary>
    public PeerRole? AcceptsRole { get; init; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Completes with the peer's role and identity when its hello arrives.</summary>
    public Task<(PeerRole Role, string Identity)> HelloReceived => _hello.Task;

    public int PendingCalls => _pending.Count;

    public void Start()
    {
        _ = Task.Run(WriteLoopAsync);
        _ = Task.Run(ReadLoopAsync);
    }

    /// <summary>Queues a frame; waits when the queue is full. Returns false when the connection is closed (the frame is disposed).</summary>
    public ValueTask<bool> SendAsync(PooledBufferWriter frame, IRemoteCall? call, long messageId)
    {
        if (call is not null && !TryAdmit(call, messageId))
        {
            frame.Dispose();
            return ValueTask.FromResult(false);
        }

        if (_queue.Writer.TryWrite(new OutgoingFrame(frame, call, messageId)))
        {
            return ValueTask.FromResult(true);
        }

        return SendSlowAsync(frame, call, messageId);
    }

    public void ForgetCall(long messageId)
    {
        _pending.TryRemove(messageId, out _);
        CloseIfDrained();
    }

    public void ReleaseIncomingSlot() => _incomingSlots.Release();

    public void Close(string reason, Exception? exception = null)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        if (exception is null)
        {
            LogClosed(_logger, Peer, reason);
        }
        else
        {
            LogClosedOnError(_logger, exception, Peer, reason);
        }

        _hello.TrySetCanceled();
        _queue.Writer.TryComplete();
        _closing.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone; closing is all that is left.
        }

        _stream.Dispose();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
            {
                call.OnConnectionLost(Peer);
            }
        }

        _handler.OnClosed(this);
        _closedSignal.TrySetResult();
    }

    private async ValueTask<bool> SendSlowAsync(PooledBufferWriter frame, IRemoteCall? call, long messageId)
    {
        try
        {
            await _queue.Writer.WriteAsync(new OutgoingFrame(frame, call, messageId), _closing.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            frame.Dispose();
            if (call is not null && _pending.TryRemove(messageId, out _))
            {
                call.OnConnectionLost(Peer);
            }

            return false;
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    if (frame.Call is not null && Volatile.Read(ref _draining) != 0)
                    {
                        // Queued before the peer went away and not written yet: withdrawn, so it may go elsewhere.
                        Withdraw(frame.Call, frame.MessageId);
                    }
                    else if (frame.Call is null || frame.Call.TryMarkSent())
                    {
                        _output.Write(frame.Buffer.WrittenSpan);
                    }

                    frame.Buffer.Dispose();
                    if (_output.UnflushedBytes >= FlushThreshold)
                    {
                        await _output.FlushAsync(_closing.Token).ConfigureAwait(false);
                    }
                }

                await _output.FlushAsync(_closing.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close("write failed", ex);
        }
        finally
        {
            // After a drain the queue was completed on purpose: everything queued has been flushed.
            Close(_closeReason ?? "writer stopped");

            // Frames still queued never reached the wire; their calls were already told so by Close.
            while (reader.TryRead(out var frame))
            {
                frame.Buffer.Dispose();
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (TryReadFrame(ref buffer, out var frame))
                    {
                        await HandleFrameAsync(frame).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new MalformedFrameException($"The peer closed the connection in the middle of a frame ({buffer.Length} bytes left).");
                    }

                    Close("the peer closed the connection");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Close("closed");
        }
        catch (MalformedFrameException ex)
        {
            LogMalformedFrame(_logger, ex, Peer);
            Close("malformed frame", ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close("read failed", ex);
        }
        catch (Exception ex)
        {
            // A frame's handler failed in a way nobody expected: close rather than leave a connection that nobody reads.
            Close("handling a frame failed", ex);
        }
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < 9 || length > _options.MaxFrameSize)
        {
            throw new MalformedFrameException($"Frame length {length} is outside 9..{_options.MaxFrameSize}.");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        frame = buffer.Slice(4, length);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    private async ValueTask HandleFrameAsync(ReadOnlySequence<byte> frame)
    {
        var kind = (FrameKind)frame.FirstSpan[0];
        if (kind == FrameKind.Request && !_incomingSlots.Wait(0))
        {
            // Backpressure: stop reading this connection until earlier requests have answered.
            await _incomingSlots.WaitAsync(_closing.Token).ConfigureAwait(false);
        }

        if (frame.IsSingleSegment)
        {
            Handle(frame.FirstSpan, kind);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent((int)frame.Length);
        try
        {
            frame.CopyTo(rented);
            Handle(rented.AsSpan(0, (int)frame.Length), kind);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Handle(ReadOnlySpan<byte> frame, FrameKind kind)
    {
        var reader = new FrameReader(frame);
        reader.ReadByte();
        var messageId = reader.ReadInt64();
        if (kind == FrameKind.Hello)
        {
            var (role, clusterId, identity) = MessageCodec.DecodeHello(ref reader);
            if (PeerRole is not null || !Enum.IsDefined(role))
            {
                throw new MalformedFrameException("Unexpected hello.");
            }

            if (!_handler.OnHello(this, role, clusterId, identity))
            {
                throw new MalformedFrameException("The peer's hello was refused.");
            }

            PeerRole = role;
            _hello.TrySetResult((role, identity));
            return;
        }

        if (PeerRole is null)
        {
            throw new MalformedFrameException("A frame arrived before the hello.");
        }

        switch (kind)
        {
            case FrameKind.Request:
                _handler.OnRequest(this, messageId, ref reader);
                break;
            case FrameKind.Response:
                var status = (ResponseStatus)reader.ReadByte();
                if (!Enum.IsDefined(status))
                {
                    throw new MalformedFrameException($"Unknown response status {(byte)status}.");
                }

                if (_pending.TryRemove(messageId, out var call))
                {
                    call.OnResponse(status, ref reader);
                    CloseIfDrained();
                }

                break;
            case FrameKind.GoAway:
                if (messageId != 0)
                {
                    throw new MalformedFrameException($"A GoAway carries message id 0, not {messageId}.");
                }

                OnGoAwayReceived(MessageCodec.DecodeGoAway(ref reader));
                break;
            default:
                throw new MalformedFrameException($"Unknown frame kind {(byte)kind}.");
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Malformed frame from {Peer}; closing that connection")]
    private static partial void LogMalformedFrame(ILogger logger, Exception exception, string peer);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Connection to {Peer} closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Connection to {Peer} closed: {Reason}")]
    private static partial void LogClosedOnError(ILogger logger, Exception exception, string peer, string reason);
}
