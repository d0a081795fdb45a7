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
}
