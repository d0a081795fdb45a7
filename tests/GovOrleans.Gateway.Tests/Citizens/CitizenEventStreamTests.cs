using System.Globalization;
using System.Security.Claims;
using GovOrleans.Gateway.Citizens;
using GovOrleans.Runtime.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Tests.Citizens;

/// <summary>An event stream ends when the token that opened it expires, and at the latest after the maximum lifetime.</summary>
public sealed class CitizenEventStreamTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly CitizenEventsOptions _options = new() { HeartbeatSeconds = 15, MaxStreamLifetime = TimeSpan.FromHours(1) };

    [Fact]
    public async Task Stream_TokenExpires_EndsAtExp()
    {
        var (stream, context) = Open(expiresIn: TimeSpan.FromMinutes(5));
        var armed = _time.WhenTimerArmedAsync();
        var running = stream.ExecuteAsync(context);
        await armed.WaitAsync(Patience);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.False(running.IsCompleted, "the stream ended before its token expired");

        _time.Advance(TimeSpan.FromSeconds(1));
        await running.WaitAsync(Patience);
        Assert.False(context.RequestAborted.IsCancellationRequested);
    }

    [Fact]
    public async Task Stream_LongLivedToken_EndsAfterMaxStreamLifetime()
    {
        var (stream, context) = Open(expiresIn: TimeSpan.FromDays(2));
        var armed = _time.WhenTimerArmedAsync();
        var running = stream.ExecuteAsync(context);
        await armed.WaitAsync(Patience);

        _time.Advance(TimeSpan.FromHours(1));
        await running.WaitAsync(Patience);
    }

    [Fact]
    public async Task Stream_TokenAlreadyExpired_EndsImmediately()
    {
        var (stream, context) = Open(expiresIn: TimeSpan.FromSeconds(-10));
        await stream.ExecuteAsync(context).WaitAsync(Patience);
    }

    [Theory]
    [InlineData(300, 3600, 300)]
    [InlineData(7200, 3600, 3600)]
    [InlineData(-5, 3600, 0)]
    public void Lifetime_IsTheEarlierOfExpAndCap(int expiresInSeconds, int capSeconds, int expectedSeconds)
    {
        var now = _time.GetUtcNow();
        var user = User(now.AddSeconds(expiresInSeconds));

        var lifetime = CitizenEventStream.Lifetime(user, now, TimeSpan.FromSeconds(capSeconds));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), lifetime);
    }

    private (CitizenEventStream Stream, DefaultHttpContext Context) Open(TimeSpan expiresIn)
    {
        var hub = new CitizenEventHub(Options.Create(_options), NullLogger<CitizenEventHub>.Instance);
        var subscription = hub.TrySubscribe("citizen-7")!;
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(Options.Create(_options))
            .AddOptions()
            .BuildServiceProvider();
        var context = new DefaultHttpContext
        {
            RequestServices = services,
            User = User(_time.GetUtcNow() + expiresIn),
        };
        context.Response.Body = new MemoryStream();
        return (new CitizenEventStream(subscription, Heartbeat), context);
    }

    private static ClaimsPrincipal User(DateTimeOffset expires) => new(new ClaimsIdentity(
        [new Claim("sub", "citizen-7"), new Claim("role", "citizen"), new Claim("exp", expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64)],
        "Test"));
}
