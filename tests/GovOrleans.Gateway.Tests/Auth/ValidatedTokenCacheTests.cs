using GovOrleans.Gateway.Auth;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Auth;

public sealed class ValidatedTokenCacheTests
{
    private static readonly DateTimeOffset s_start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(s_start);

    [Fact]
    public void Add_FullCache_DropsExpiredEntriesFirst()
    {
        var cache = new ValidatedTokenCache(capacity: 4, TimeSpan.FromMinutes(5), _time);
        cache.Add(Digest("short-1"), Caller("a"), s_start.AddMinutes(1));
        cache.Add(Digest("short-2"), Caller("b"), s_start.AddMinutes(1));
        cache.Add(Digest("long-1"), Caller("c"), s_start.AddHours(1));
        cache.Add(Digest("long-2"), Caller("d"), s_start.AddHours(1));

        _time.Advance(TimeSpan.FromMinutes(2));
        cache.Add(Digest("long-3"), Caller("e"), s_start.AddHours(1));

        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGet(Digest("long-1"), out _));
        Assert.True(cache.TryGet(Digest("long-2"), out _));
        Assert.True(cache.TryGet(Digest("long-3"), out var latest));
        Assert.Equal("e", latest.Subject);
    }

    [Fact]
    public void Add_FullOfLiveEntries_StaysBounded()
    {
        var cache = new ValidatedTokenCache(capacity: 100, TimeSpan.FromMinutes(5), _time);
        for (var i = 0; i < 1000; i++)
        {
            cache.Add(Digest($"token-{i}"), Caller("a"), s_start.AddHours(1));
            Assert.True(cache.Count <= 100);
        }

        Assert.True(cache.TryGet(Digest("token-999"), out _));
    }

    [Fact]
    public void Add_AlreadyExpired_IsNotKept()
    {
        var cache = new ValidatedTokenCache(capacity: 4, TimeSpan.FromMinutes(5), _time);

        cache.Add(Digest("expired"), Caller("a"), s_start);

        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(Digest("expired"), out _));
    }

    [Fact]
    public void Digest_DependsOnEveryCharacter()
    {
        Assert.Equal(Digest("abc.def.ghi"), Digest("abc.def.ghi"));
        Assert.NotEqual(Digest("abc.def.ghi"), Digest("abc.def.ghj"));
        Assert.NotEqual(Digest("abc.def.ghi"), Digest("abc.def.gh"));
        Assert.Equal(Digest(new string('x', 6000)), Digest(new string('x', 6000)));
        Assert.NotEqual(Digest(new string('x', 6000)), Digest(new string('x', 5999) + "y"));
    }

    private static ValidatedTokenCache.TokenDigest Digest(string token) => ValidatedTokenCache.Digest(token);

    private static AuthenticatedCaller Caller(string subject) =>
        new([new System.Security.Claims.Claim(ActorClaims.Subject, subject), new System.Security.Claims.Claim(ActorClaims.Role, "citizen")]);
}
