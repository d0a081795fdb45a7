using System.Diagnostics;
using System.Text.Json.Serialization;
using GovOrleans.Gateway.Common;
using Microsoft.AspNetCore.Http.Json;

namespace GovOrleans.Gateway.Problems;

/// <summary>Problem details for every error, with <c>traceId</c>, and the gateway's JSON conventions.</summary>
internal static class ProblemDetailsServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        });
        services.AddExceptionHandler<GrainExceptionHandler>();

        // Binding failures throw BadHttpRequestException in every environment, so they reach the exception handler.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.Converters.Add(new ImmutableArrayConverterFactory());
        });
        return services;
    }
}
