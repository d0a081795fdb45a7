using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Runtime.Hosting;

/// <summary>The silo's identity.</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo";

    /// <summary>The cluster this silo joins; silos and clients of one deployment share it.</summary>
    /// <value>"dev".</value>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ClusterId { get; set; } = "dev";

    /// <summary>The service whose data this silo serves; stable across deployments (it keys stored state and reminders).</summary>
    /// <value>"govorleans".</value>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ServiceId { get; set; } = "govorleans";

    /// <summary>A name for logs and dashboards; on Kubernetes the pod name.</summary>
    /// <value>The machine name.</value>
    [Required]
    public string SiloName { get; set; } = Environment.MachineName;
}
