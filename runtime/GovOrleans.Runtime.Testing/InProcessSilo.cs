using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GovOrleans.Runtime.Testing;

/// <summary>One silo of an <see cref="InProcessTestCluster"/>, with its own host, services and (when clustered) TCP ports.</summary>
public sealed class InProcessSilo
{
    private readonly IHost _host;

    internal InProcessSilo(IHost host, string name)
    {
        _host = host;
        Name = name;
        Address = host.Services.GetRequiredService<Silo>().Address;
    }

    /// <summary>The silo's name (Silo:SiloName).</summary>
    public string Name { get; }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>A grain factory that calls from this silo.</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's cluster address; null when the cluster is not clustered.</summary>
    public SiloAddress? Address { get; }

    /// <summary>False once stopped or killed.</summary>
    public bool IsRunning { get; private set; } = true;

    /// <summary>How many activations the silo holds.</summary>
    public int ActivationCount => Services.GetRequiredService<Catalog.Catalog>().Count;

    /// <summary>Whether the grain has an activation on this silo.</summary>
    public bool IsActive(GrainId grainId) => Services.GetRequiredService<Catalog.Catalog>().TryGet(grainId, out _);

    internal IHost Host => _host;

    internal async Task StopAsync()
    {
        if (!IsRunning)
        {
            return;
        }

        IsRunning = false;
        await _host.StopAsync();
        _host.Dispose();
    }

    internal async Task KillAsync()
    {
        if (!IsRunning)
        {
            return;
        }

        IsRunning = false;
        await Services.GetRequiredService<Silo>().KillAsync();
        _host.Dispose();
    }
}
