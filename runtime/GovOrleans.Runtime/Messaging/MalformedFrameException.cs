namespace GovOrleans.Runtime.Messaging;

/// <summary>A frame broke the wire format; the connection that carried it is closed.</summary>
internal sealed class MalformedFrameException(string message) : Exception(message);
