using System.Globalization;
using System.Security.Claims;
using System.Text;
using GovOrleans.Gateway.Citizens;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Citizens;
using GovOrleans.Runtime.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Tests.Citizens;

/// <summary>
/// An event stream ends when the token that opened it expires, and at the latest after the maximum lifetime; a replay is
/// written before the live updates, and is not repeated by them.
/// </summary>
public sealed class CitizenEventStreamTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly CitizenEventsOptions _options = new() { HeartbeatSeconds = 15, MaxStreamLifetime = TimeSpan.FromHours(1) };

    [Fact]
    public async Task Stream_TokenExpires_EndsAtExp()
    {
        var (stream, context, _) = Open(expiresIn: TimeSpan.FromMinutes(5));
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
        var (stream, context, _) = Open(expiresIn: TimeSpan.FromDays(2));
        var armed = _time.WhenTimerArmedAsync();
        var running = stream.ExecuteAsync(context);
        await armed.WaitAsync(Patience);

        _time.Advance(TimeSpan.FromHours(1));
        await running.WaitAsync(Patience);
    }

    [Fact]
    public async Task Stream_TokenAlreadyExpired_EndsImmediately()
    {
        var (stream, context, _) = Open(expiresIn: TimeSpan.FromSeconds(-10));
        await stream.ExecuteAsync(context).WaitAsync(Patience);
    }

    [Fact]
    public async Task Stream_ReplayedUpdateAlsoArrivesLive_WrittenOnceInOrder()
    {
        var (first, second, third) = (Update(1), Update(2), Update(3));
        var (stream, context, live) = Open(TimeSpan.FromMinutes(5), new CitizenUpdateReplay(true, [first, second], third.EventId));

        // The second was published after the stream subscribed but before the history was read, so it is in both.
        live.Publish(Event(second));
        live.Publish(Event(third));
        live.Close();
        await stream.ExecuteAsync(context).WaitAsync(Patience);

        Assert.Equal(
            [$"id: {first.EventId:N}", $"id: {second.EventId:N}", $"id: {third.EventId:N}"],
            Body(context).Split('\n').Where(l => l.StartsWith("id: ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stream_UnknownLastEventId_WritesResetWithNewestKeptId(bool hasHistory)
    {
        var latest = hasHistory ? Guid.CreateVersion7() : (Guid?)null;
        var (stream, context, live) = Open(TimeSpan.FromMinutes(5), new CitizenUpdateReplay(false, [], latest));
        live.Close();

        await stream.ExecuteAsync(context).WaitAsync(Patience);

        var id = latest is { } newest ? $"id: {newest:N}\n" : "";
        Assert.Equal($": connected\n\n{id}event: reset\ndata: {{\"reason\":\"history-incomplete\",\"reread\":\"/api/v1/citizens/me/cases\"}}\n\n", Body(context));
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

    private (CitizenEventStream Stream, DefaultHttpContext Context, Live Live) Open(TimeSpan expiresIn, CitizenUpdateReplay? replay = null)
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
        return (new CitizenEventStream(subscription, Heartbeat, replay), context, new Live(hub, subscription));
    }

    private static CitizenCaseUpdate Update(int version) => new(
        Guid.CreateVersion7(), "case-1", CaseEventType.StatusChanged, DateTimeOffset.UnixEpoch, "parking-permit", "Being assessed",
        DateTimeOffset.UnixEpoch, false, version);

    private static CaseEvent Event(CitizenCaseUpdate u) => new(
        u.EventId, u.CaseId, u.Type, u.At, "citizen-7", "permits", u.CaseTypeCode, Confidentiality.Internal, "in-review", u.Status, null, u.DueAt, false, u.Closed,
        DateTimeOffset.UnixEpoch, u.Version, null);

    private static string Body(DefaultHttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private static ClaimsPrincipal User(DateTimeOffset expires) => new(new ClaimsIdentity(
        [new Claim("sub", "citizen-7"), new Claim("role", "citizen"), new Claim("exp", expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64)],
        "Test"));

    /// <summary>The live side of a stream under test: publish to it, then close it so that the stream ends once drained.</summary>
    private sealed class Live(CitizenEventHub hub, CitizenEventHub.Subscription subscription)
    {
        public void Publish(CaseEvent caseEvent) => hub.Publish(caseEvent);

        public void Close() => subscription.Dispose();
    }
}
