using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.RateLimiting;

/// <summary>Checks the rules DataAnnotations cannot express, reporting every failure at once.</summary>
internal sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var failures = new List<string>();
        ValidateBucket(nameof(options.Global), options.Global, options.TightenFactor, failures);
        ValidateBucket(nameof(options.PerUser), options.PerUser, options.TightenFactor, failures);
        ValidateBucket(nameof(options.PerEndpoint), options.PerEndpoint, options.TightenFactor, failures);
        RequirePositive(nameof(options.RecoveryDelay), options.RecoveryDelay, failures, allowZero: true);
        RequirePositive(nameof(options.SampleInterval), options.SampleInterval, failures, allowZero: false);
        RequirePositive(nameof(options.LatencyWindow), options.LatencyWindow, failures, allowZero: false);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateBucket(string kind, TokenBucketSettings? bucket, double tightenFactor, List<string> failures)
    {
        var prefix = $"{RateLimitingOptions.SectionName}:{kind}";
        if (bucket is null)
        {
            failures.Add($"{prefix} is required.");
            return;
        }

        if (bucket.TokenLimit is < 1 or > AdaptiveRateLimiter.MaxTokenLimit)
        {
            failures.Add($"{prefix}:TokenLimit must be between 1 and {AdaptiveRateLimiter.MaxTokenLimit}.");
        }
        else if (bucket.TokenLimit * tightenFactor < 1)
        {
            // Under pressure a request costs 1/TightenFactor permits; a bucket smaller than that could never admit one.
            failures.Add($"{prefix}:TokenLimit × TightenFactor must be at least 1 so that a full bucket admits a request under pressure.");
        }

        if (bucket.TokensPerPeriod < 1 || bucket.TokensPerPeriod > bucket.TokenLimit)
        {
            failures.Add($"{prefix}:TokensPerPeriod must be between 1 and TokenLimit.");
        }

        RequirePositive($"{kind}:ReplenishmentPeriod", bucket.ReplenishmentPeriod, failures, allowZero: false);
    }

    private static void RequirePositive(string key, TimeSpan value, List<string> failures, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            failures.Add($"{RateLimitingOptions.SectionName}:{key} must be {(allowZero ? "zero or positive" : "positive")}.");
        }
    }
}
