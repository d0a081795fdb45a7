using System.Collections.Immutable;
using System.Security.Claims;
using GovOrleans.Gateway.Auth;
using GovOrleans.Gateway.Common;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.Runtime.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GovOrleans.Gateway.Departments;

/// <summary><c>/api/v1/departments</c>: the directory, a department's configuration and its work queue.</summary>
internal static class DepartmentEndpoints
{
    public static RouteGroupBuilder MapDepartmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/departments").WithTags("Departments").RequireAuthorization(Policies.DepartmentReader);
        group.MapGet("/", ListAsync).WithWeakETag()
            .WithName("ListDepartments").WithSummary("Every department, ordered by code; weak ETag and If-None-Match supported.");
        group.MapGet("/{code}", GetAsync)
            .WithName("GetDepartment")
            .WithSummary("A department: staff, SLA settings and live counters (the department's staff and systems, operators); ETag and If-None-Match supported.");
        group.MapGet("/{code}/queue", GetQueueAsync).WithWeakETag()
            .WithName("GetDepartmentQueue")
            .WithSummary("Open cases, most urgent first (the department's staff and systems, operators; case-confidential cases only to their parties); weak ETag and If-None-Match supported.");
        return group;
    }

    internal static async Task<Ok<ImmutableArray<DepartmentSummary>>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IDepartmentDirectoryGrain>(IDepartmentDirectoryGrain.Key).ListAsync());

    internal static async Task<Results<Ok<DepartmentView>, StatusCodeHttpResult, NotFound>> GetAsync(
        string code, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!RouteKeys.IsCode(code))
        {
            return TypedResults.NotFound();
        }

        var view = await grains.GetGrain<IDepartmentGrain>(code).GetAsync(user.ToActor());
        var revision = Revision(view);
        ETags.Set(http.Response, revision);
        return ETags.IfNoneMatchHits(http.Request, revision)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<ImmutableArray<QueueItem>>, NotFound>> GetQueueAsync(string code, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!RouteKeys.IsCode(code))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await grains.GetGrain<IDepartmentGrain>(code).GetQueueAsync(user.ToActor()));
    }

    /// <summary>
    /// The entity-tag version of a department view: it changes with the configuration and with every applied case event
    /// (both counters only increase, so their sum never repeats for one department).
    /// </summary>
    private static int Revision(DepartmentView view) => view.Version + view.QueueVersion;
}
