namespace GovOrleans.Runtime.Messaging;

/// <summary>What a connection does with the frames that are not responses to its own calls.</summary>
internal interface IConnectionHandler
{
    /// <summary>Checks the peer's hello; false closes the connection.</summary>
    bool OnHello(Connection connection, PeerRole role, string clusterId, string identity);

    /// <summary>A request arrived; the handler owns the incoming slot until it sends the response.</summary>
    void OnRequest(Connection connection, long messageId, ref FrameReader reader);

    /// <summary>The peer sent GoAway: new calls must take another connection.</summary>
    void OnGoAway(Connection connection, string reason);

    /// <summary>The connection closed.</summary>
    void OnClosed(Connection connection);
}
