using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Runtime.Messaging;

/// <summary>Limits of the TCP transport between silos and from clients, and of what a caller remembers about grain locations.</summary>
public sealed class TransportOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo:Transport";

    /// <summary>The largest frame accepted or sent; a bigger incoming frame closes its connection.</summary>
    /// <value>4 MiB.</value>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxFrameSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Frames queued for one connection before senders wait (backpressure).</summary>
    /// <value>8192.</value>
    [Range(16, 1_000_000)]
    public int MaxQueuedFrames { get; set; } = 8192;

    /// <summary>Requests from one connection in flight at once; past it the silo stops reading that connection.</summary>
    /// <value>8192.</value>
    [Range(1, 1_000_000)]
    public int MaxIncomingRequestsPerConnection { get; set; } = 8192;

    /// <summary>How long opening a connection (TCP connect plus hello) may take.</summary>
    /// <value>3 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Grain locations a silo or client remembers after a redirect (a grain found away from its hash ring owner, e.g.
    /// after a silo joined). Past it, the least recently used locations are forgotten; a call to a forgotten grain goes
    /// to the ring owner again and is redirected once more.
    /// </summary>
    /// <value>100,000.</value>
    [Range(1, 100_000_000)]
    public int MaxCachedLocations { get; set; } = 100_000;
}
