namespace GovOrleans.Runtime.Messaging;

/// <summary>An encoded frame waiting for the connection's writer, and the call (with its message id) it belongs to, if it is a request.</summary>
internal readonly record struct OutgoingFrame(PooledBufferWriter Buffer, IRemoteCall? Call, long MessageId);
