using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Audit;

/// <summary>Registration of the hash-chained audit trail.</summary>
internal static class AuditTrailExtensions
{
    /// <summary>
    /// Binds <see cref="AuditOptions"/> from <c>Audit</c>, falling back to <c>Platform:Storage:Provider</c> and
    /// <c>Platform:Storage:ConnectionString</c>, validated on start; registers the single writer (which creates the
    /// table on start) and <see cref="IAuditTrail"/>.
    /// </summary>
    public static IServiceCollection AddAuditTrail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AuditOptions>()
            .Bind(configuration.GetSection(AuditOptions.SectionName))
            .PostConfigure(options => options.ApplyPlatformDefaults(configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<IAuditTrail>(sp => sp.GetRequiredService<AuditTrail>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditTrail>());
        return services;
    }

    /// <summary>
    /// Adds the audit middleware. Call it after <c>UseExceptionHandler</c> and before <c>UseAuthentication</c>, so
    /// that refused calls are recorded with their final status.
    /// </summary>
    public static IApplicationBuilder UseAuditTrail(this IApplicationBuilder app) => app.UseMiddleware<AuditMiddleware>();
}
