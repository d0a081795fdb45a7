using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Hosting;

internal sealed class SiloBuilder(IServiceCollection services, IConfiguration configuration) : ISiloBuilder
{
    public IServiceCollection Services => services;

    public IConfiguration Configuration => configuration;
}
