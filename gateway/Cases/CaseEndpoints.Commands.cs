using System.Security.Claims;
using GovOrleans.Gateway.Auth;
using GovOrleans.Gateway.Common;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Runtime.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GovOrleans.Gateway.Cases;

/// <summary>Case handling: transitions, assignment, suspend, resume, extend.</summary>
internal static partial class CaseEndpoints
{
    private const int MaxReasonLength = 2000;

    private static void MapCommands(RouteGroupBuilder group)
    {
        group.MapPost("/{id}/transitions", TransitionAsync).RequireAuthorization(Policies.CaseHandler)
            .WithName("TransitionCase").WithSummary("Applies a workflow transition; If-Match makes it conditional (412 when stale).");
        group.MapPost("/{id}/assignment", AssignAsync).RequireAuthorization(Policies.Staff)
            .WithName("AssignCase").WithSummary("Assigns a caseworker of the case's department; If-Match supported.");
        group.MapPost("/{id}/suspend", SuspendAsync).RequireAuthorization(Policies.Staff)
            .WithName("SuspendCase").WithSummary("Suspends handling; the deadline stops. If-Match supported (412 when stale).");
        group.MapPost("/{id}/resume", ResumeAsync).RequireAuthorization(Policies.Staff)
            .WithName("ResumeCase").WithSummary("Resumes handling; the deadline moves by the suspended time. If-Match supported (412 when stale).");
        group.MapPost("/{id}/extend", ExtendAsync).RequireAuthorization(Policies.Staff)
            .WithName("ExtendCase").WithSummary("Extends the deadline by 1–365 days. If-Match supported (412 when stale).");
    }

    internal static async Task<Results<Ok<CaseView>, ValidationProblem>> TransitionAsync(
        string id, TransitionRequest body, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckId(id, errors);
        var expected = ReadIfMatch(http.Request, errors);
        if (!RouteKeys.IsCode(body.Name))
        {
            errors["name"] = ["Not a transition name."];
        }

        CheckReason(body.Reason, required: false, errors);
        var fields = JsonPrimitives.ToStrings(body.Fields, "fields", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var view = await grains.GetGrain<ICaseGrain>(id).TransitionAsync(new CaseTransition(body.Name!, body.Reason, fields, expected), user.ToActor());
        return Done(http, view);
    }

    internal static async Task<Results<Ok<CaseView>, ValidationProblem>> AssignAsync(
        string id, AssignmentRequest body, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckId(id, errors);
        var expected = ReadIfMatch(http.Request, errors);
        if (!RouteKeys.IsSubject(body.Assignee))
        {
            errors["assignee"] = ["Not a user id."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return Done(http, await grains.GetGrain<ICaseGrain>(id).AssignAsync(body.Assignee!, expected, user.ToActor()));
    }

    internal static async Task<Results<Ok<CaseView>, ValidationProblem>> SuspendAsync(
        string id, SuspendRequest body, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckId(id, errors);
        var expected = ReadIfMatch(http.Request, errors);
        CheckReason(body.Reason, required: true, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return Done(http, await grains.GetGrain<ICaseGrain>(id).SuspendAsync(body.Reason!, expected, user.ToActor()));
    }

    internal static async Task<Results<Ok<CaseView>, ValidationProblem>> ResumeAsync(
        string id, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckId(id, errors);
        var expected = ReadIfMatch(http.Request, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return Done(http, await grains.GetGrain<ICaseGrain>(id).ResumeAsync(expected, user.ToActor()));
    }

    internal static async Task<Results<Ok<CaseView>, ValidationProblem>> ExtendAsync(
        string id, ExtendRequest body, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckId(id, errors);
        var expected = ReadIfMatch(http.Request, errors);
        CheckReason(body.Reason, required: true, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return Done(http, await grains.GetGrain<ICaseGrain>(id).ExtendAsync(body.Days, body.Reason!, expected, user.ToActor()));
    }

    private static Ok<CaseView> Done(HttpContext http, CaseView view)
    {
        ETags.Set(http.Response, view.Version);
        return TypedResults.Ok(view);
    }

    private static void CheckId(string id, Dictionary<string, string[]> errors)
    {
        if (!RouteKeys.IsCaseId(id))
        {
            errors["id"] = ["Not a case id (C- and 20 hex digits)."];
        }
    }

    private static int? ReadIfMatch(HttpRequest request, Dictionary<string, string[]> errors)
    {
        if (!ETags.TryReadIfMatch(request, out var expected))
        {
            errors["If-Match"] = ["Give one entity tag, e.g. W/\"3\"."];
        }

        return expected;
    }

    private static void CheckReason(string? reason, bool required, Dictionary<string, string[]> errors)
    {
        if (required && string.IsNullOrWhiteSpace(reason))
        {
            errors["reason"] = ["A reason is required."];
        }
        else if (reason is { Length: > MaxReasonLength })
        {
            errors["reason"] = [$"At most {MaxReasonLength} characters."];
        }
    }
}
