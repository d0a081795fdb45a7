using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Hosting;

/// <summary>Configures a silo: its grains, storage providers, reminder table and options.</summary>
public interface ISiloBuilder
{
    /// <summary>The host's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>The host's configuration.</summary>
    IConfiguration Configuration { get; }
}
