namespace GovOrleans.Runtime.Membership;

/// <summary>One row of the membership table.</summary>
/// <param name="Address">The silo incarnation (primary key within a cluster).</param>
/// <param name="SiloName">A display name; on Kubernetes the pod name.</param>
/// <param name="Status">Where the silo is in its life.</param>
/// <param name="GatewayPort">The port clients connect to, or 0 when the silo is not a gateway.</param>
/// <param name="StartTime">When the silo started.</param>
/// <param name="IAmAliveTime">The silo's last heartbeat; its lease runs from here.</param>
public sealed record MembershipEntry(
    SiloAddress Address,
    string SiloName,
    SiloStatus Status,
    int GatewayPort,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime);
