using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.RateLimiting;

/// <summary>
/// Admits or refuses each request before it reaches an endpoint. Must run after authentication (the user bucket is
/// keyed by the subject) and after routing (the endpoint bucket by the route pattern).
/// </summary>
internal sealed partial class AdaptiveRateLimitingMiddleware(
    RequestDelegate next,
    AdaptiveRateLimiter limiter,
    IOptions<RateLimitingOptions> options,
    ILogger<AdaptiveRateLimitingMiddleware> logger)
{
    private readonly bool _enabled = options.Value.Enabled;

    public Task InvokeAsync(HttpContext context)
    {
        if (!_enabled || IsExempt(context.Request.Path))
        {
            return next(context);
        }

        var rejection = limiter.TryAcquire(context);
        return rejection is null ? next(context) : RejectAsync(context, rejection);
    }

    /// <summary>Probes and scrapers must keep working exactly when the cluster is overloaded.</summary>
    internal static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    private Task RejectAsync(HttpContext context, RateLimitRejection rejection)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(rejection.RetryAfter.TotalSeconds));
        LogRejected(logger, rejection.Bucket, seconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        return TypedResults.Problem(
            title: "Too many requests",
            statusCode: StatusCodes.Status429TooManyRequests,
            detail: $"The {Describe(rejection.Bucket)} request rate limit was exceeded. Retry after {seconds} seconds.",
            type: "https://tools.ietf.org/html/rfc6585#section-4",
            extensions: new Dictionary<string, object?> { ["traceId"] = traceId })
            .ExecuteAsync(context);
    }

    private static string Describe(RateLimitBucket bucket) => bucket switch
    {
        RateLimitBucket.PerUser => "per-user",
        RateLimitBucket.PerEndpoint => "per-endpoint",
        _ => "global",
    };

    [LoggerMessage(EventId = 5110, Level = LogLevel.Debug, Message = "Request refused by the {Bucket} rate limit; retry after {RetryAfterSeconds} s")]
    private static partial void LogRejected(ILogger logger, RateLimitBucket bucket, int retryAfterSeconds);
}
