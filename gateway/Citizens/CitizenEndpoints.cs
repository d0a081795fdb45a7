using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using GovOrleans.Gateway.Auth;
using GovOrleans.Gateway.Cases;
using GovOrleans.Gateway.Common;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Citizens;
using GovOrleans.Runtime.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Citizens;

/// <summary><c>/api/v1/citizens/me</c>: the calling citizen's profile, cases, inbox and live case updates.</summary>
internal static class CitizenEndpoints
{
    public static RouteGroupBuilder MapCitizenEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/citizens/me").WithTags("Citizens").RequireAuthorization(Policies.Citizen);
        group.MapGet("/", GetProfileAsync).WithName("GetMyProfile").WithSummary("The caller's citizen profile; ETag and If-None-Match supported.");
        group.MapPut("/", UpdateProfileAsync).WithName("UpdateMyProfile")
            .WithSummary("Updates the caller's contact details and consent; If-Match makes it conditional (412 when stale).");
        group.MapGet("/cases", ListCasesAsync).WithWeakETag()
            .WithName("ListMyCases").WithSummary("The caller's cases (same paging, ordering and fields as /api/v1/cases); weak ETag and If-None-Match supported.");
        group.MapGet("/inbox", GetInboxAsync).WithWeakETag()
            .WithName("GetMyInbox").WithSummary("The caller's notifications, newest first; weak ETag and If-None-Match supported.");
        group.MapGet("/events", StreamEventsAsync).WithName("StreamMyCaseEvents")
            .WithSummary("Server-sent events: an event 'case-update' per change to one of the caller's cases, missed ones replayed after Last-Event-ID; heartbeat comments.")
            .WithDescription(
                "A reconnect with the Last-Event-ID header (or the lastEventId query parameter) first replays the updates after "
                + "that event, from the last 200 kept per citizen, then continues live. When that event is not among them the "
                + "stream starts with an event 'reset': re-read /api/v1/citizens/me/cases, then follow the live updates.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return group;
    }

    internal static async Task<Results<Ok<CitizenProfile>, StatusCodeHttpResult>> GetProfileAsync(HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var profile = await grains.GetGrain<ICitizenGrain>(user.SubjectOf()).GetProfileAsync(user.ToActor());
        ETags.Set(http.Response, profile.Version);
        return ETags.IfNoneMatchHits(http.Request, profile.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(profile);
    }

    internal static async Task<Results<Ok<CitizenProfile>, ValidationProblem>> UpdateProfileAsync(
        UpdateProfileRequest body, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["If-Match"] = ["Give one entity tag, e.g. W/\"3\"."],
            });
        }

        var update = new CitizenProfileUpdate(body.DisplayName ?? "", body.Email, body.Phone, [.. body.PreferredChannels ?? []], body.ConsentToNotifications);
        var profile = await grains.GetGrain<ICitizenGrain>(user.SubjectOf()).UpdateProfileAsync(update, expected, user.ToActor());
        ETags.Set(http.Response, profile.Version);
        return TypedResults.Ok(profile);
    }

    internal static async Task<Results<Ok<CasePage>, Ok<CaseFieldPage>, ValidationProblem>> ListCasesAsync(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = CaseListQuery.Parse(request.Query, user.SubjectOf(), errors, out var fields);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await grains.GetGrain<ICaseSearchGrain>(ICaseSearchGrain.Key).SearchAsync(query, user.ToActor());
        return fields is null
            ? TypedResults.Ok(page)
            : TypedResults.Ok(new CaseFieldPage([.. page.Items.Select(s => CaseListQuery.Project(s, fields))], page.Page, page.PageSize, page.Total));
    }

    internal static async Task<Ok<ImmutableArray<Notification>>> GetInboxAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICitizenGrain>(user.SubjectOf()).GetInboxAsync(user.ToActor()));

    internal static async Task<Results<CitizenEventStream, ProblemHttpResult>> StreamEventsAsync(
        HttpContext http, ClaimsPrincipal user, CitizenEventHub hub, IGrainFactory grains, IOptions<CitizenEventsOptions> options)
    {
        var heartbeat = options.Value.HeartbeatSeconds;
        var subscription = hub.TrySubscribe(user.SubjectOf());
        if (subscription is null)
        {
            // A closed stream is noticed at its next heartbeat at the latest, which frees its slot.
            http.Response.Headers.RetryAfter = heartbeat.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many open event streams for this citizen.",
                detail: $"Close another event stream or retry after {heartbeat} seconds.",
                type: "https://tools.ietf.org/html/rfc6585#section-4");
        }

        try
        {
            // Subscribed before the history is read, so an event missing from the history read arrives live and one in both
            // is sent once (the stream skips it). Each consumer of a case's outbox retries on its own: if the delivery to the
            // citizen grain lags behind the hub, a reconnect in that window may not find its id and gets a reset (safe).
            CitizenUpdateReplay? replay = null;
            if (LastEventId.Read(http.Request) is { } lastEventId)
            {
                replay = await grains.GetGrain<ICitizenGrain>(user.SubjectOf()).GetUpdatesAfterAsync(lastEventId, user.ToActor());
            }

            return new CitizenEventStream(subscription, TimeSpan.FromSeconds(heartbeat), replay);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
    }
}
