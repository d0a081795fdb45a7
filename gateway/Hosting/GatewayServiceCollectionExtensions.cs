using GovOrleans.Gateway.Health;
using GovOrleans.Gateway.Problems;

namespace GovOrleans.Gateway.Hosting;

/// <summary>The gateway's cross-cutting services: problem details, JSON conventions, OpenAPI, health checks.</summary>
internal static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayDefaults(this IServiceCollection services)
    {
        services.AddGatewayProblemDetails();
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecuritySchemeTransformer>());
        services.AddGatewayHealthChecks();
        return services;
    }
}
