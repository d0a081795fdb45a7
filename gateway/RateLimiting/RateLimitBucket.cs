namespace GovOrleans.Gateway.RateLimiting;

/// <summary>The kinds of bucket a request draws from, in the order they are tried.</summary>
internal enum RateLimitBucket
{
    PerUser,
    PerEndpoint,
    Global,
}
