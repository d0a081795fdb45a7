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

    /// <summary>Lets callers on the same host (a sidecar, a node agent on loopback) scrape without a token.</summary>
    public bool AllowLoopback { get; set; } = true;
}
