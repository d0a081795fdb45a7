using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Runtime.Cluster;

/// <summary>Where a clustered silo listens and how others reach it.</summary>
public sealed class EndpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo:Endpoints";

    /// <summary>The address other silos and clients use for this silo; on Kubernetes the pod IP (POD_IP).</summary>
    /// <value>127.0.0.1.</value>
    [Required]
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>The local address to bind; null binds <see cref="AdvertisedHost"/>. Use 0.0.0.0 inside a pod.</summary>
    public string? ListenHost { get; set; }

    /// <summary>The silo-to-silo port; 0 picks a free port (tests).</summary>
    /// <value>11111.</value>
    [Range(0, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients connect to; 0 picks a free port; -1 makes the silo no gateway.</summary>
    /// <value>30000.</value>
    [Range(-1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}
