using System.Collections.Immutable;
using System.Security.Claims;
using GovOrleans.Gateway.Audit;
using GovOrleans.Gateway.Auth;
using GovOrleans.Gateway.Common;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Runtime.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GovOrleans.Gateway.Cases;

/// <summary><c>/api/v1/cases</c>: submit, read, search and handle cases.</summary>
internal static partial class CaseEndpoints
{
    public static RouteGroupBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/cases").WithTags("Cases").RequireAuthorization(Policies.CaseReader);

        group.MapPost("/", SubmitAsync).RequireAuthorization(Policies.Citizen)
            .WithName("SubmitCase").WithSummary("Submits a case (citizens). Idempotency-Key makes retries return the same case.");
        group.MapGet("/", ListAsync).WithWeakETag()
            .WithName("ListCases").WithSummary("Searches cases visible to the caller (case-confidential cases only to their parties): filters, page, pageSize (≤ 100), ordering, fields; weak ETag and If-None-Match supported.");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetCase").WithSummary("One case; ETag and If-None-Match supported.");
        group.MapGet("/{id}/history", GetHistoryAsync).WithWeakETag()
            .WithName("GetCaseHistory").WithSummary("The case's append-only status history, oldest first; weak ETag and If-None-Match supported.");
        MapCommands(group);
        return group;
    }

    internal static async Task<Results<Created<CaseView>, Ok<CaseView>, ValidationProblem>> SubmitAsync(
        SubmitCaseRequest body, HttpContext http, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!RouteKeys.IsCode(body.CaseTypeCode))
        {
            errors["caseTypeCode"] = ["Not a case-type code."];
        }

        var data = JsonPrimitives.ToStrings(body.Data, "data", errors);
        var keys = http.Request.Headers[CaseIds.IdempotencyKeyHeader];
        string? key = keys.Count == 1 ? keys[0] : null;
        if (keys.Count > 1 || key?.Contains(',', StringComparison.Ordinal) == true)
        {
            // Repeated header fields are joined by commas on the way; a key must be sent exactly once.
            errors[CaseIds.IdempotencyKeyHeader] = ["Send exactly one Idempotency-Key (no commas)."];
            key = null;
        }
        else if (key is not null && !CaseIds.IsValidIdempotencyKey(key))
        {
            errors[CaseIds.IdempotencyKeyHeader] = ["1–128 visible ASCII characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var id = key is null ? CaseIds.New() : CaseIds.FromIdempotencyKey(user.SubjectOf(), key);
        var started = time.GetUtcNow();
        var view = await grains.GetGrain<ICaseGrain>(id).SubmitAsync(new SubmitCase(body.CaseTypeCode!, data, CaseIds.Fingerprint(body.CaseTypeCode!, data)), user.ToActor());
        ETags.Set(http.Response, view.Version);
        AuditResource.Set(http, view.Id);

        // A retry (same key and body) finds the case submitted before this request began.
        return key is not null && view.SubmittedAt < started
            ? TypedResults.Ok(view)
            : TypedResults.Created($"/api/v1/cases/{view.Id}", view);
    }

    internal static async Task<Results<Ok<CasePage>, Ok<CaseFieldPage>, ValidationProblem>> ListAsync(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = CaseListQuery.Parse(request.Query, citizenId: null, errors, out var fields);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await grains.GetGrain<ICaseSearchGrain>(ICaseSearchGrain.Key).SearchAsync(query, user.ToActor());
        if (fields is null)
        {
            return TypedResults.Ok(page);
        }

        return TypedResults.Ok(new CaseFieldPage([.. page.Items.Select(s => CaseListQuery.Project(s, fields))], page.Page, page.PageSize, page.Total));
    }

    internal static async Task<Results<Ok<CaseView>, StatusCodeHttpResult, ValidationProblem>> GetAsync(
        string id, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!RouteKeys.IsCaseId(id))
        {
            return InvalidId();
        }

        var view = await grains.GetGrain<ICaseGrain>(id).GetAsync(user.ToActor());
        ETags.Set(http.Response, view.Version);
        return ETags.IfNoneMatchHits(http.Request, view.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<ImmutableArray<CaseHistoryEntry>>, ValidationProblem>> GetHistoryAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!RouteKeys.IsCaseId(id))
        {
            return InvalidId();
        }

        return TypedResults.Ok(await grains.GetGrain<ICaseGrain>(id).GetHistoryAsync(user.ToActor()));
    }

    private static ValidationProblem InvalidId() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["Not a case id (C- and 20 hex digits)."] });
}
