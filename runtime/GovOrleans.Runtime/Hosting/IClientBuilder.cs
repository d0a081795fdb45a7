using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Hosting;

/// <summary>Configures a cluster client: how it finds the cluster's silos.</summary>
public interface IClientBuilder
{
    /// <summary>The host's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>The host's configuration.</summary>
    IConfiguration Configuration { get; }
}
