using GovOrleans.Runtime.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GovOrleans.Runtime.Testing;

/// <summary>A cluster client of an <see cref="InProcessTestCluster"/>, talking to the silos over TCP like the gateway in client mode.</summary>
public sealed class InProcessClient : IAsyncDisposable
{
    private readonly IHost _host;

    internal InProcessClient(IHost host) => _host = host;

    /// <summary>The client's grain factory.</summary>
    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The client's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Stops the client.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
