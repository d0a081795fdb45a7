using System.Diagnostics.Metrics;
using System.Security.Claims;
using System.Threading.RateLimiting;
using GovOrleans.Gateway.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.RateLimiting;

/// <summary>
/// Three chained token-bucket limiters: per user, per endpoint, then global. The most specific bucket is tried first
/// so that a caller over their own limit is refused before they draw on the shared buckets.
/// Adaptivity changes what a request costs instead of rebuilding buckets: at full rate a request takes
/// <see cref="UnitsPerRequest"/> tokens, at factor f it takes UnitsPerRequest / f. Buckets keep their state across
/// changes and the limiter's own Retry-After arithmetic stays right.
/// </summary>
internal sealed class AdaptiveRateLimiter : IDisposable
{
    /// <summary>The largest configurable bucket; token counts are scaled by <see cref="UnitsPerRequest"/> and must fit an int.</summary>
    public const int MaxTokenLimit = int.MaxValue / UnitsPerRequest;

    public const string MeterName = "GovOrleans.Gateway";

    /// <summary>Token units one request costs at full rate; fine enough that factors like 0.75 round sensibly.</summary>
    private const int UnitsPerRequest = 100;

    private const string SubjectClaim = "sub";

    /// <summary>Unmatched paths share one bucket per method, so that probing random URLs cannot create partitions without bound.</summary>
    private const string Unmatched = "(unmatched)";

    private readonly AdaptiveLimitController _controller;
    private readonly PartitionedRateLimiter<HttpContext> _perUser;
    private readonly PartitionedRateLimiter<HttpContext> _perEndpoint;
    private readonly PartitionedRateLimiter<HttpContext> _global;
    private readonly int _maxCost;
    private readonly Counter<long> _rejections;

    public AdaptiveRateLimiter(IOptions<RateLimitingOptions> options, AdaptiveLimitController controller, IMeterFactory meters)
    {
        var settings = options.Value;
        _controller = controller;
        var perUser = BucketOptions(settings.PerUser);
        var perEndpoint = BucketOptions(settings.PerEndpoint);
        var global = BucketOptions(settings.Global);
        // Partition keys are structs over strings the request already holds, and each factory is created once, so
        // admitting a request allocates nothing here.
        Func<UserPartition, RateLimiter> userLimiter = _ => new TokenBucketRateLimiter(perUser);
        Func<EndpointPartition, RateLimiter> endpointLimiter = _ => new TokenBucketRateLimiter(perEndpoint);
        Func<bool, RateLimiter> globalLimiter = _ => new TokenBucketRateLimiter(global);
        _perUser = PartitionedRateLimiter.Create<HttpContext, UserPartition>(context => RateLimitPartition.Get(UserKey(context), userLimiter));
        _perEndpoint = PartitionedRateLimiter.Create<HttpContext, EndpointPartition>(context => RateLimitPartition.Get(EndpointKey(context), endpointLimiter));
        _global = PartitionedRateLimiter.Create<HttpContext, bool>(_ => RateLimitPartition.Get(true, globalLimiter));
        _maxCost = Math.Min(perUser.TokenLimit, Math.Min(perEndpoint.TokenLimit, global.TokenLimit));

        var meter = meters.Create(MeterName);
        _rejections = meter.CreateCounter<long>("govorleans.gateway.rate_limit.rejections", description: "Requests refused with 429, by bucket kind.");
        meter.CreateObservableGauge("govorleans.gateway.rate_limit.factor", () => _controller.Factor,
            description: "Share of the configured request rates currently admitted (1 = no load pressure).");
    }

    /// <summary>Tokens one request costs at the current adaptive factor.</summary>
    public int CurrentCost => Math.Min(_maxCost, (int)Math.Ceiling(UnitsPerRequest / _controller.Factor));

    /// <summary>Draws one request from every bucket; returns null when admitted, else which bucket refused it.</summary>
    public RateLimitRejection? TryAcquire(HttpContext context)
    {
        var cost = CurrentCost;
        return TryAcquire(_perUser, RateLimitBucket.PerUser, context, cost)
            ?? TryAcquire(_perEndpoint, RateLimitBucket.PerEndpoint, context, cost)
            ?? TryAcquire(_global, RateLimitBucket.Global, context, cost);
    }

    public void Dispose()
    {
        _perUser.Dispose();
        _perEndpoint.Dispose();
        _global.Dispose();
    }

    internal static UserPartition UserKey(HttpContext context)
    {
        // The subject is an opaque id; the IP fallback is only a partition key and is never logged or returned.
        var user = context.User;
        var subject = CallerIdentity.Of(user)?.Subject
            ?? user.FindFirst(SubjectClaim)?.Value
            ?? (user.Identity?.IsAuthenticated == true ? user.FindFirst(ClaimTypes.NameIdentifier)?.Value : null);
        return subject is { Length: > 0 }
            ? new UserPartition(subject, IsSubject: true)
            : new UserPartition(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", IsSubject: false);
    }

    internal static EndpointPartition EndpointKey(HttpContext context) =>
        new(context.Request.Method, context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } ? pattern : Unmatched);

    private RateLimitRejection? TryAcquire(PartitionedRateLimiter<HttpContext> limiter, RateLimitBucket bucket, HttpContext context, int cost)
    {
        using var lease = limiter.AttemptAcquire(context, cost);
        if (lease.IsAcquired)
        {
            return null;
        }

        _rejections.Add(1, new KeyValuePair<string, object?>("bucket", BucketTag(bucket)));
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return new RateLimitRejection(bucket, retryAfter);
    }

    private static string BucketTag(RateLimitBucket bucket) => bucket switch
    {
        RateLimitBucket.PerUser => "user",
        RateLimitBucket.PerEndpoint => "endpoint",
        _ => "global",
    };

    /// <summary>
    /// The options of one bucket. The partitioned limiter replenishes all of its buckets from one timer, so the buckets
    /// themselves do not (what <c>RateLimitPartition.GetTokenBucketLimiter</c> would arrange).
    /// </summary>
    private static TokenBucketRateLimiterOptions BucketOptions(TokenBucketSettings settings) => new()
    {
        TokenLimit = settings.TokenLimit * UnitsPerRequest,
        TokensPerPeriod = settings.TokensPerPeriod * UnitsPerRequest,
        ReplenishmentPeriod = settings.ReplenishmentPeriod,
        // Refuse at once: a queued request holds a Kestrel connection and memory while the cluster is already loaded.
        QueueLimit = 0,
        AutoReplenishment = false,
    };

    /// <summary>A user bucket: the token subject, or the client address of an unauthenticated request.</summary>
    internal readonly record struct UserPartition(string Value, bool IsSubject);

    /// <summary>An endpoint bucket: the method and route pattern.</summary>
    internal readonly record struct EndpointPartition(string Method, string Pattern);
}
