namespace GovOrleans.Gateway.RateLimiting;

/// <summary>Why a request was refused and when the client may try again.</summary>
internal sealed record RateLimitRejection(RateLimitBucket Bucket, TimeSpan RetryAfter);
