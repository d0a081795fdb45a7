using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using GovOrleans.GrainInterfaces.Citizens;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Citizens;

/// <summary>
/// Writes what a reconnecting client missed (<paramref name="replay"/>; null for a first connect), then a citizen's
/// subscription as <c>text/event-stream</c> until the client disconnects, the caller's token expires
/// (its <c>exp</c> claim) or <see cref="CitizenEventsOptions.MaxStreamLifetime"/> has passed, whichever comes first.
/// </summary>
internal sealed class CitizenEventStream(CitizenEventHub.Subscription subscription, TimeSpan heartbeat, CitizenUpdateReplay? replay)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string EventName = "case-update";

    /// <summary>Sent first when the client's last event is not in the kept history: it missed updates the stream cannot replay.</summary>
    public const string ResetEventName = "reset";

    private const string ResetData = """{"reason":"history-incomplete","reread":"/api/v1/citizens/me/cases"}""";

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "text/event-stream";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var owned = subscription;
        var response = httpContext.Response;
        var services = httpContext.RequestServices;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var time = services.GetRequiredService<TimeProvider>();
        var maxLifetime = services.GetRequiredService<IOptions<CitizenEventsOptions>>().Value.MaxStreamLifetime;

        // The stream ends when the token that opened it expires; a reconnect has to authenticate again.
        using var lifetime = new CancellationTokenSource(Lifetime(httpContext.User, time.GetUtcNow(), maxLifetime), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, lifetime.Token);
        var ct = linked.Token;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            await response.WriteAsync(": connected\n\n", ct);
            var replayed = await WriteReplayAsync(response, json, ct);
            await response.Body.FlushAsync(ct);
            var reader = owned.Reader;
            var wait = reader.WaitToReadAsync(ct).AsTask();
            while (true)
            {
                using (var tick = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    var first = await Task.WhenAny(wait, Task.Delay(heartbeat, time, tick.Token));
                    await tick.CancelAsync();
                    if (first != wait)
                    {
                        await response.WriteAsync(": heartbeat\n\n", ct);
                        await response.Body.FlushAsync(ct);
                        continue;
                    }
                }

                if (!await wait)
                {
                    break;
                }

                while (reader.TryRead(out var update))
                {
                    if (!replayed.Contains(update.EventId))
                    {
                        await WriteUpdateAsync(response, update, json, ct);
                    }
                }

                await response.Body.FlushAsync(ct);
                wait = reader.WaitToReadAsync(ct).AsTask();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away, or the token or the stream's lifetime ran out: the normal end of a stream.
        }
    }

    /// <summary>Writes the replay; returns the event ids the client has now, so that the same updates arriving live are skipped.</summary>
    private async Task<HashSet<Guid>> WriteReplayAsync(HttpResponse response, JsonSerializerOptions json, CancellationToken ct)
    {
        var replayed = new HashSet<Guid>();
        if (replay is null)
        {
            return replayed;
        }

        if (!replay.Known)
        {
            // The newest kept update becomes the client's last event id: once it has re-read its cases, its next reconnect
            // replays from there instead of being reset again.
            var id = replay.Latest is { } latest ? $"id: {latest:N}\n" : "";
            await response.WriteAsync($"{id}event: {ResetEventName}\ndata: {ResetData}\n\n", ct);
            return replayed;
        }

        foreach (var update in replay.Updates)
        {
            await WriteUpdateAsync(response, update, json, ct);
            replayed.Add(update.EventId);
        }

        return replayed;
    }

    private static async Task WriteUpdateAsync(HttpResponse response, CitizenCaseUpdate update, JsonSerializerOptions json, CancellationToken ct)
    {
        var data = JsonSerializer.Serialize(update, json);
        await response.WriteAsync($"id: {update.EventId:N}\nevent: {EventName}\ndata: {data}\n\n", ct);
    }

    /// <summary>
    /// How long the stream may stay open: until the token's <c>exp</c> (seconds since the epoch) and at most
    /// <paramref name="maxLifetime"/>; zero when the token has already expired.
    /// </summary>
    internal static TimeSpan Lifetime(ClaimsPrincipal user, DateTimeOffset now, TimeSpan maxLifetime)
    {
        var remaining = maxLifetime;
        if (long.TryParse(user.FindFirst("exp")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
            && exp <= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            var untilExpiry = DateTimeOffset.FromUnixTimeSeconds(exp) - now;
            if (untilExpiry < remaining)
            {
                remaining = untilExpiry;
            }
        }

        return remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
    }
}
