using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.RateLimiting;

/// <summary>Registration of the adaptive, chained token-bucket rate limiting.</summary>
internal static class RateLimitingExtensions
{
    /// <summary>
    /// Binds <see cref="RateLimitingOptions"/> from <c>RateLimiting</c> (validated on start) and registers the limiter,
    /// the load sampler and the runtime load monitor. An <see cref="IClusterLoadMonitor"/> registered before this call wins.
    /// </summary>
    public static IServiceCollection AddAdaptiveRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RateLimitingOptions>()
            .Bind(configuration.GetSection(RateLimitingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IClusterLoadMonitor, RuntimeLoadMonitor>();
        services.TryAddSingleton<AdaptiveLimitController>();
        services.TryAddSingleton<AdaptiveRateLimiter>();
        services.AddHostedService(sp => sp.GetRequiredService<AdaptiveLimitController>());
        return services;
    }

    /// <summary>Adds the rate-limiting middleware; call it after <c>UseAuthentication</c> and before the endpoints.</summary>
    public static IApplicationBuilder UseAdaptiveRateLimiting(this IApplicationBuilder app) =>
        app.UseMiddleware<AdaptiveRateLimitingMiddleware>();
}
