namespace GovOrleans.Runtime.Messaging;

/// <summary>Who opened a connection.</summary>
internal enum PeerRole : byte
{
    /// <summary>Another silo of the cluster.</summary>
    Silo = 1,

    /// <summary>A cluster client (e.g. the gateway in client mode).</summary>
    Client = 2,
}
