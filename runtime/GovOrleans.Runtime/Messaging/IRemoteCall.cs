namespace GovOrleans.Runtime.Messaging;

/// <summary>A request sent on a connection and waiting for its response frame.</summary>
internal interface IRemoteCall
{
    /// <summary>Called by the writer just before the frame goes out; false when the call already ended (skip it).</summary>
    bool TryMarkSent();

    /// <summary>The response arrived; <paramref name="reader"/> stands after the status byte.</summary>
    void OnResponse(ResponseStatus status, ref FrameReader reader);

    /// <summary>The connection closed before a response: a call never sent may go elsewhere, a sent one has an unknown outcome.</summary>
    void OnConnectionLost(string peer);

    /// <summary>The request was withdrawn before any byte of it was written (the peer is going away): it provably did not run.</summary>
    void OnNotSent(string reason);
}
