using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Runtime.Cluster;

/// <summary>
/// Failure detection by leases: every silo renews its row's heartbeat each <see cref="HeartbeatPeriod"/>; a silo whose
/// heartbeat is older than <see cref="LeaseDuration"/> is declared dead by any other silo (compare-and-swap on the
/// table, only if the heartbeat is still that old). A silo stops serving on its own once <see cref="LeaseDuration"/>
/// minus <see cref="FenceMargin"/> has passed since the start of its last successful renewal, so it has stopped before
/// anyone can declare it dead, as long as clocks differ by less than the margin.
/// </summary>
public sealed class ClusterMembershipOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo:Membership";

    /// <summary>How often a silo renews its lease.</summary>
    /// <value>1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a heartbeat holds; a killed silo is declared dead this long after its last heartbeat (plus one refresh).</summary>
    /// <value>5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Allowed clock difference between silos; a silo stops serving this long before its lease ends.</summary>
    /// <value>1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan FenceMargin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the table is read to learn joins, leaves and deaths and to look for expired leases.</summary>
    /// <value>1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long dead rows stay in the table for diagnostics before they are deleted.</summary>
    /// <value>1 day.</value>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(1);
}
