using GovOrleans.Gateway.Auth;
using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Tests.Auth;

/// <summary>The validated-token cache: hits, expiry, max age, distinct tokens, failures and key rotation, on a fake clock.</summary>
public sealed class BearerTokenValidatorTests
{
    private const string OtherKey = "another-signing-key-of-at-least-32-bytes!";

    private static readonly DateTimeOffset s_start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(s_start);
    private readonly MutableOptionsMonitor<AuthOptions> _options = new(Options(TestTokens.DevelopmentKey));
    private readonly BearerTokenValidator _validator;

    public BearerTokenValidatorTests()
    {
        _validator = new BearerTokenValidator(new SigningKeys(_options), _time, NullLogger<BearerTokenValidator>.Instance);
    }

    [Fact]
    public async Task TryGetCached_AfterValidation_HitsWithoutValidatingAgain()
    {
        var token = Token("anna", s_start.AddMinutes(30));
        Assert.False(_validator.TryGetCached(token, out _));

        var validated = await _validator.ValidateAsync(token);

        Assert.Equal("anna", validated?.Subject);
        Assert.True(_validator.TryGetCached(token, out var cached));
        Assert.Same(validated, cached);
        Assert.Equal(["citizen"], cached.Actor.Roles.ToArray());
        Assert.Equal(1, _validator.FullValidations);
    }

    [Fact]
    public async Task TryGetCached_TokenExpired_MissesAndValidationRefusesIt()
    {
        var expires = s_start.AddMinutes(2);
        var token = Token("anna", expires);
        Assert.NotNull(await _validator.ValidateAsync(token));
        Assert.True(_validator.TryGetCached(token, out _));

        // Past exp: never served from the cache. Within the 30 s clock skew full validation still accepts it, but the
        // result is not cached again because its exp has passed.
        _time.Advance(expires - s_start + TimeSpan.FromSeconds(1));
        Assert.False(_validator.TryGetCached(token, out _));
        Assert.NotNull(await _validator.ValidateAsync(token));
        Assert.False(_validator.TryGetCached(token, out _));

        // Past exp and the skew: refused.
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(_validator.TryGetCached(token, out _));
        Assert.Null(await _validator.ValidateAsync(token));
        Assert.False(_validator.TryGetCached(token, out _));
    }

    [Fact]
    public async Task TryGetCached_MaxAgeReached_ValidatesAgain()
    {
        var token = Token("anna", s_start.AddHours(1));
        await _validator.ValidateAsync(token);

        _time.Advance(BearerTokenValidator.MaxCacheAge - TimeSpan.FromSeconds(1));
        Assert.True(_validator.TryGetCached(token, out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_validator.TryGetCached(token, out _));

        Assert.NotNull(await _validator.ValidateAsync(token));
        Assert.True(_validator.TryGetCached(token, out _));
        Assert.Equal(2, _validator.FullValidations);
    }

    [Fact]
    public async Task TryGetCached_DifferentTokens_AreNotConfused()
    {
        var anna = Token("anna", s_start.AddMinutes(30));
        var ben = Token("ben", s_start.AddMinutes(30));
        var carla = TestTokens.Create("carla", ["caseworker"], expires: s_start.AddMinutes(30).UtcDateTime, department: "permits", notBefore: NotBefore);
        await _validator.ValidateAsync(anna);
        await _validator.ValidateAsync(ben);
        await _validator.ValidateAsync(carla);

        Assert.True(_validator.TryGetCached(anna, out var first));
        Assert.True(_validator.TryGetCached(ben, out var second));
        Assert.True(_validator.TryGetCached(carla, out var third));
        Assert.Equal(("anna", "ben", "carla"), (first.Subject, second.Subject, third.Subject));
        Assert.Equal("permits", third.Actor.Department);
        Assert.Equal(["caseworker"], third.Actor.Roles.ToArray());

        // The same claims with a broken signature, and a token that differs from a cached one in its last character.
        var forged = anna[..anna.LastIndexOf('.')] + ben[ben.LastIndexOf('.')..];
        var truncated = anna[..^1];
        Assert.False(_validator.TryGetCached(forged, out _));
        Assert.False(_validator.TryGetCached(truncated, out _));
        Assert.Null(await _validator.ValidateAsync(forged));
        Assert.Null(await _validator.ValidateAsync(truncated));
    }

    [Fact]
    public async Task ValidateAsync_Failures_AreNeverCached()
    {
        var wrongKey = TestTokens.Create("anna", ["citizen"], signingKey: OtherKey, expires: s_start.AddMinutes(30).UtcDateTime, notBefore: NotBefore);
        var badSubject = TestTokens.Create("anna/../ben", ["citizen"], expires: s_start.AddMinutes(30).UtcDateTime, notBefore: NotBefore);

        foreach (var token in new[] { wrongKey, badSubject, "not.a.jwt" })
        {
            Assert.Null(await _validator.ValidateAsync(token));
            Assert.Null(await _validator.ValidateAsync(token));
            Assert.False(_validator.TryGetCached(token, out _));
        }

        Assert.Equal(6, _validator.FullValidations);
        Assert.Equal(0, _validator.Cache.Count);
    }

    [Fact]
    public async Task KeyRotation_ClearsCache_AndRefusesTokensOfTheOldKey()
    {
        var old = Token("anna", s_start.AddMinutes(30));
        await _validator.ValidateAsync(old);
        Assert.True(_validator.TryGetCached(old, out _));

        _options.CurrentValue = Options(OtherKey);

        Assert.False(_validator.TryGetCached(old, out _));
        Assert.Null(await _validator.ValidateAsync(old));
        var renewed = TestTokens.Create("anna", ["citizen"], signingKey: OtherKey, expires: s_start.AddMinutes(30).UtcDateTime, notBefore: NotBefore);
        Assert.NotNull(await _validator.ValidateAsync(renewed));
        Assert.True(_validator.TryGetCached(renewed, out _));
    }

    [Fact]
    public async Task ParameterChange_ClearsCache()
    {
        var token = Token("anna", s_start.AddMinutes(30));
        await _validator.ValidateAsync(token);
        Assert.True(_validator.TryGetCached(token, out _));

        var changed = Options(TestTokens.DevelopmentKey);
        changed.Audience = "another-api";
        _options.CurrentValue = changed;

        Assert.False(_validator.TryGetCached(token, out _));
        Assert.Null(await _validator.ValidateAsync(token));
    }

    private static DateTime NotBefore => s_start.AddMinutes(-1).UtcDateTime;

    private static string Token(string subject, DateTimeOffset expires) =>
        TestTokens.Create(subject, ["citizen"], expires: expires.UtcDateTime, notBefore: NotBefore);

    private static AuthOptions Options(string key) => new() { SymmetricKey = key };

    /// <summary>An options monitor whose value a test replaces, as a configuration reload would.</summary>
    private sealed class MutableOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue { get; set; } = value;

        public T Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
