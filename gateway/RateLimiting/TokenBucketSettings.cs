namespace GovOrleans.Gateway.RateLimiting;

/// <summary>The size and refill rate of one kind of token bucket, in requests at full (unpressured) capacity.</summary>
internal sealed class TokenBucketSettings
{
    /// <summary>Requests a full bucket admits in a burst.</summary>
    public int TokenLimit { get; set; }

    /// <summary>Requests added back every <see cref="ReplenishmentPeriod"/>.</summary>
    public int TokensPerPeriod { get; set; }

    /// <summary>How often the bucket is refilled.</summary>
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
