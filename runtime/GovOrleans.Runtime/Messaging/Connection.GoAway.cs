using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Runtime.Messaging;

/// <summary>
/// Going away without cutting a call off. Requests flow one way on a connection: from the side that opened it to the
/// side that accepted it. So the opener is the one that closes it: once it stops writing new requests ("draining"),
/// it waits for the answers to those already written and then closes, and the acceptor keeps answering until then.
/// A request withdrawn before any byte of it was written provably did not run, and the router sends it elsewhere.
/// </summary>
internal sealed partial class Connection
{
    private readonly TaskCompletionSource _closedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _draining;
    private int _peerWentAway;
    private string? _closeReason;

    /// <summary>False once this connection takes no new requests (it is draining or closed).</summary>
    public bool CanTakeRequests => Volatile.Read(ref _draining) == 0 && !IsClosed;

    /// <summary>True once the peer sent GoAway.</summary>
    public bool PeerWentAway => Volatile.Read(ref _peerWentAway) != 0;

    /// <summary>Completes when the connection has closed.</summary>
    public Task Closed => _closedSignal.Task;

    /// <summary>
    /// Tells the peer that this process is leaving. On a connection this process opened it also stops writing requests
    /// and closes once the answers to those already written have arrived; on an accepted one the peer does that, and
    /// this side keeps reading and answering until the peer closes. Completes when the GoAway is queued.
    /// </summary>
    public async Task GoAwayAsync(string reason)
    {
        var frame = MessageCodec.EncodeGoAway(reason);
        try
        {
            await _queue.Writer.WriteAsync(new OutgoingFrame(frame, null, 0), _closing.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            // Closed or closing already: nobody is left to tell.
            frame.Dispose();
            return;
        }

        // Draining starts after the GoAway is queued, so that a drain which closes at once still writes it first.
        if (AcceptsRole is null)
        {
            StopNewRequests(reason);
        }
    }

    private void OnGoAwayReceived(string reason)
    {
        if (Interlocked.Exchange(ref _peerWentAway, 1) != 0)
        {
            return;
        }

        LogPeerGoingAway(_logger, Peer, reason);
        if (AcceptsRole is null)
        {
            StopNewRequests($"{Peer} is going away ({reason})");
        }

        _handler.OnGoAway(this, reason);
    }

    private void StopNewRequests(string reason)
    {
        // Paired with TryAdmit: the flag is set before _pending is looked at (Interlocked is a full fence), and a
        // sender adds to _pending before it looks at the flag, so a request is either refused or waited for.
        if (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            _closeReason = $"drained: {reason}";
        }

        CloseIfDrained();
    }

    /// <summary>Registers a request; false (and the call told it was not sent) when the connection is draining.</summary>
    private bool TryAdmit(IRemoteCall call, long messageId)
    {
        _pending[messageId] = call;
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _draining) == 0)
        {
            return true;
        }

        Withdraw(call, messageId);
        return false;
    }

    /// <summary>A request that was never written: it provably did not run.</summary>
    private void Withdraw(IRemoteCall call, long messageId)
    {
        // Whoever removes the entry tells the call; Close may have done it already.
        if (_pending.TryRemove(messageId, out _))
        {
            call.OnNotSent($"the connection to {Peer} takes no new requests (it is going away); the request was not sent");
        }

        CloseIfDrained();
    }

    private void CloseIfDrained()
    {
        if (Volatile.Read(ref _draining) != 0 && _pending.IsEmpty)
        {
            // Completing the queue lets the writer flush what is queued (a GoAway of our own), then it closes.
            _queue.Writer.TryComplete();
        }
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "{Peer} is going away: {Reason}")]
    private static partial void LogPeerGoingAway(ILogger logger, string peer, string reason);
}
