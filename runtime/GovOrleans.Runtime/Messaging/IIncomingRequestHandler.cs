namespace GovOrleans.Runtime.Messaging;

/// <summary>Serves requests that arrive on a silo's connections.</summary>
internal interface IIncomingRequestHandler
{
    /// <summary>Decodes and runs one request; must eventually answer it and release the connection's incoming slot.</summary>
    void OnRequest(Connection connection, long messageId, ref FrameReader reader);
}
