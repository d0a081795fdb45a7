using GovOrleans.Gateway.Common;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GovOrleans.Gateway.Auth;

/// <summary>
/// Validates bearer JWTs (HS256 development key, RS256/ES256 keys of the external issuer) and caches the tokens that
/// pass. The validation parameters and the cache belong to one <see cref="SigningKeySet"/>: when the configuration is
/// reloaded (new keys, issuer, audience or clock skew) both are rebuilt and every cached token is validated afresh.
/// </summary>
internal sealed partial class BearerTokenValidator(SigningKeys signingKeys, TimeProvider time, ILogger<BearerTokenValidator> logger)
{
    /// <summary>Longer tokens are refused unread.</summary>
    public const int MaxTokenLength = 8192;

    /// <summary>A cached token is validated again after this long even if it expires later.</summary>
    public static readonly TimeSpan MaxCacheAge = TimeSpan.FromMinutes(5);

    /// <summary>Most tokens kept.</summary>
    public const int CacheCapacity = 10_000;

    private static readonly JsonWebTokenHandler s_tokens = new() { MapInboundClaims = false };

    private readonly Lock _lock = new();
    private Generation? _generation;
    private long _fullValidations;

    /// <summary>Tokens validated in full so far (cache misses), for tests and diagnostics.</summary>
    internal long FullValidations => Interlocked.Read(ref _fullValidations);

    /// <summary>The cache of the current keys.</summary>
    internal ValidatedTokenCache Cache => Current().Cache;

    /// <summary>The caller of <paramref name="token"/> if it passed validation recently and has not expired.</summary>
    public bool TryGetCached(ReadOnlySpan<char> token, out AuthenticatedCaller caller) =>
        Current().Cache.TryGet(ValidatedTokenCache.Digest(token), out caller);

    /// <summary>Validates <paramref name="token"/> in full; the caller when it is valid, else null (the reason is logged).</summary>
    public async Task<AuthenticatedCaller?> ValidateAsync(string token)
    {
        var generation = Current();
        Interlocked.Increment(ref _fullValidations);
        var result = await s_tokens.ValidateTokenAsync(token, generation.Parameters);
        if (!result.IsValid)
        {
            LogRejected(logger, result.Exception?.GetType().Name ?? "unknown");
            return null;
        }

        var identity = result.ClaimsIdentity;
        if (!RouteKeys.IsSubject(identity.FindFirst(ActorClaims.Subject)?.Value)
            || !identity.HasClaim(c => c.Type == ActorClaims.Role)
            || (identity.FindFirst(ActorClaims.Department)?.Value is { } department && !RouteKeys.IsCode(department)))
        {
            LogRejected(logger, "claims");
            return null;
        }

        var caller = new AuthenticatedCaller(identity.Claims);
        // Cached in the generation it was validated with: if the keys changed meanwhile, that cache is already dropped.
        generation.Cache.Add(ValidatedTokenCache.Digest(token), caller, new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero));
        return caller;
    }

    private Generation Current()
    {
        var keys = signingKeys.Current;
        var generation = Volatile.Read(ref _generation);
        return generation is not null && ReferenceEquals(generation.Keys, keys) ? generation : Rebuild(keys);
    }

    private Generation Rebuild(SigningKeySet keys)
    {
        lock (_lock)
        {
            if (_generation is { } current && ReferenceEquals(current.Keys, keys))
            {
                return current;
            }

            var rebuilt = new Generation(keys, CreateParameters(keys), new ValidatedTokenCache(CacheCapacity, MaxCacheAge, time));
            if (_generation is not null)
            {
                LogKeysReloaded(logger);
            }

            Volatile.Write(ref _generation, rebuilt);
            return rebuilt;
        }
    }

    private TokenValidationParameters CreateParameters(SigningKeySet keys) => new()
    {
        ValidIssuer = keys.Options.Issuer,
        ValidAudience = keys.Options.Audience,
        IssuerSigningKeys = keys.ValidationKeys,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = TimeSpan.FromSeconds(keys.Options.ClockSkewSeconds),
        NameClaimType = ActorClaims.Subject,
        RoleClaimType = ActorClaims.Role,
        LifetimeValidator = ValidateLifetime,
    };

    /// <summary>
    /// The library's lifetime rules (an expiry is required, not-before must not follow it, the clock skew applies both
    /// ways), on the gateway's <see cref="TimeProvider"/> so that the cache and the validation read the same clock.
    /// </summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        if (expires is not { } notAfter || (notBefore is { } from && from > notAfter))
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        return (notBefore is null || notBefore <= now + parameters.ClockSkew) && notAfter >= now - parameters.ClockSkew;
    }

    /// <summary>Parameters and cache of one key generation.</summary>
    private sealed record Generation(SigningKeySet Keys, TokenValidationParameters Parameters, ValidatedTokenCache Cache);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "Bearer token rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Authentication settings reloaded; validated-token cache cleared")]
    private static partial void LogKeysReloaded(ILogger logger);
}
