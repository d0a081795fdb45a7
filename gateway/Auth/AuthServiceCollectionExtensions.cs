using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Auth;

/// <summary>Registers bearer authentication, the policies and the development issuer.</summary>
internal static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<BearerTokenValidator>();
        services.AddSingleton<DevelopmentTokenIssuer>();
        services.AddTransient<BearerTokenHandler>();
        services.AddAuthentication(options =>
        {
            options.DefaultScheme = BearerTokenHandler.SchemeName;
            options.AddScheme<BearerTokenHandler>(BearerTokenHandler.SchemeName, displayName: null);
        });
        services.AddAuthorizationBuilder().AddGatewayPolicies();
        return services;
    }
}
