using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Citizens;

/// <summary>
/// Writes a citizen's subscription as <c>text/event-stream</c> until the client disconnects, the caller's token expires
/// (its <c>exp</c> claim) or <see cref="CitizenEventsOptions.MaxStreamLifetime"/> has passed, whichever comes first.
/// </summary>
internal sealed class CitizenEventStream(CitizenEventHub.Subscription subscription, TimeSpan heartbeat) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string EventName = "case-update";

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
                    var data = JsonSerializer.Serialize(update, json);
                    await response.WriteAsync($"id: {update.EventId:N}\nevent: {EventName}\ndata: {data}\n\n", ct);
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
