using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Gateway.Citizens;

/// <summary>Live case updates for citizens (section <c>CitizenEvents</c>).</summary>
internal sealed class CitizenEventsOptions
{
    public const string SectionName = "CitizenEvents";

    /// <summary>Seconds between heartbeat comments on an idle stream.</summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>Updates buffered per stream; the oldest are dropped when a client reads too slowly.</summary>
    [Range(1, 10_000)]
    public int ChannelCapacity { get; set; } = 64;

    /// <summary>Open streams allowed per citizen.</summary>
    [Range(1, 100)]
    public int MaxStreamsPerCitizen { get; set; } = 5;

    /// <summary>
    /// The longest a stream stays open; it also ends when the caller's token expires. Clients reconnect with a fresh
    /// token, so revoked or downgraded access never outlives this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxStreamLifetime { get; set; } = TimeSpan.FromHours(1);
}
