using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Gateway.RateLimiting;

/// <summary>
/// Token buckets per user, per endpoint and global, and the load thresholds that tighten them. Cross-field rules
/// (bucket sizes against the tighten factor) live in <see cref="RateLimitingOptionsValidator"/>.
/// </summary>
internal sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Switches the middleware off entirely (load tests of the grains themselves).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// One bucket shared by every request: a ceiling for the gateway as a whole. Deliberately high, because the
    /// adaptive factor (not a fixed guess at capacity) is what protects a loaded cluster.
    /// </summary>
    public TokenBucketSettings Global { get; set; } = new() { TokenLimit = 50_000, TokensPerPeriod = 50_000 };

    /// <summary>One bucket per authenticated subject (claim <c>sub</c>), or per client IP for anonymous callers.</summary>
    public TokenBucketSettings PerUser { get; set; } = new() { TokenLimit = 200, TokensPerPeriod = 100 };

    /// <summary>One bucket per route pattern and HTTP method.</summary>
    public TokenBucketSettings PerEndpoint { get; set; } = new() { TokenLimit = 20_000, TokensPerPeriod = 20_000 };

    /// <summary>Requests queued in grain mailboxes at or above which limits tighten.</summary>
    [Range(1, long.MaxValue)]
    public long MailboxHighWatermark { get; set; } = 1000;

    /// <summary>Recent p95 grain-call latency, in milliseconds, at or above which limits tighten.</summary>
    [Range(0.001, double.MaxValue)]
    public double LatencyHighWatermarkMs { get; set; } = 250;

    /// <summary>Share of the configured rates still admitted under pressure (0.25 = a quarter).</summary>
    [Range(0.01, 1.0)]
    public double TightenFactor { get; set; } = 0.25;

    /// <summary>How much of the full rate is given back per calm <see cref="RecoveryDelay"/>.</summary>
    [Range(0.01, 1.0)]
    public double RecoveryStep { get; set; } = 0.25;

    /// <summary>How long both signals must stay below their watermarks before each relaxation step.</summary>
    public TimeSpan RecoveryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the load signals are sampled.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How far back grain-call latencies count towards the p95.</summary>
    public TimeSpan LatencyWindow { get; set; } = TimeSpan.FromSeconds(10);
}
