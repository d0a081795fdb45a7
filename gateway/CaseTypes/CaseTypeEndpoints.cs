using System.Collections.Immutable;
using GovOrleans.Gateway.Auth;
using GovOrleans.Gateway.Common;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.Runtime.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GovOrleans.Gateway.CaseTypes;

/// <summary><c>/api/v1/case-types</c>: the published case-type catalogue.</summary>
internal static class CaseTypeEndpoints
{
    public static RouteGroupBuilder MapCaseTypeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/case-types").WithTags("Case types").RequireAuthorization(Policies.CatalogueReader);
        group.MapGet("/", ListAsync).WithWeakETag()
            .WithName("ListCaseTypes").WithSummary("Every published case type, ordered by code; weak ETag and If-None-Match supported.");
        group.MapGet("/{code}", GetAsync).WithName("GetCaseType").WithSummary("The latest published version of a case type, with its form fields.");
        return group;
    }

    internal static async Task<Ok<ImmutableArray<CaseTypeSummary>>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICaseTypeCatalogueGrain>(ICaseTypeCatalogueGrain.Key).ListAsync());

    internal static async Task<Results<Ok<CaseTypeDefinition>, StatusCodeHttpResult, NotFound>> GetAsync(string code, HttpContext http, IGrainFactory grains)
    {
        if (!RouteKeys.IsCode(code))
        {
            return TypedResults.NotFound();
        }

        var definition = await grains.GetGrain<ICaseTypeGrain>(code).GetPublishedAsync();
        ETags.Set(http.Response, definition.Version);
        return ETags.IfNoneMatchHits(http.Request, definition.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(definition);
    }
}
