using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Citizens;

/// <summary>Writes a citizen's subscription as <c>text/event-stream</c> until the client disconnects.</summary>
internal sealed class CitizenEventStream(CitizenEventHub.Subscription subscription, TimeSpan heartbeat) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string EventName = "case-update";

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "text/event-stream";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var owned = subscription;
        var response = httpContext.Response;
        var ct = httpContext.RequestAborted;
        var json = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var time = httpContext.RequestServices.GetRequiredService<TimeProvider>();
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
            // The client went away: the normal end of a stream.
        }
    }
}
