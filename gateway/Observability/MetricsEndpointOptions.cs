using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Gateway.Observability;

/// <summary>Who may scrape <c>GET /metrics</c>: operators always; scrapers with the token; loopback callers if allowed.</summary>
internal sealed class MetricsEndpointOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// A shared secret a scraper sends as <c>Authorization: Bearer &lt;token&gt;</c> (Prometheus: <c>authorization.credentials</c>);
    /// empty means no scraper token is accepted.
    /// </summary>
    [MinLength(32)]
    public string? ScrapeToken { get; set; }

    /// <summary>
    /// Lets callers on this host scrape without a token. Off by default: behind a reverse proxy or a service-mesh sidecar on
    /// the same host every request comes from loopback, which would make the metrics public. The development settings turn it on.
    /// </summary>
    public bool AllowLoopback { get; set; }
}
