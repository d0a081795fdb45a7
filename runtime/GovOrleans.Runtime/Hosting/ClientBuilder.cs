using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Hosting;

/// <summary>The default <see cref="IClientBuilder"/>.</summary>
internal sealed class ClientBuilder(IServiceCollection services, IConfiguration configuration) : IClientBuilder
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration Configuration { get; } = configuration;
}
