namespace GovOrleans.Runtime.Messaging;

/// <summary>The first byte of every frame.</summary>
internal enum FrameKind : byte
{
    /// <summary>Opens a connection: who is calling and for which cluster.</summary>
    Hello = 1,

    /// <summary>A grain call.</summary>
    Request = 2,

    /// <summary>The answer to a request with the same message id.</summary>
    Response = 3,

    /// <summary>
    /// The sender is leaving (message id 0, body: a reason string). The side that sends requests on this connection
    /// sends no new ones, waits for the answers it still expects and then closes it; the other side keeps answering.
    /// </summary>
    GoAway = 4,
}
