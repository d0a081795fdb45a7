using GovOrleans.Bench.Grains;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Bench.Hosting;

/// <summary>A silo co-hosted in the benchmark process, exactly as an application co-hosts one.</summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly IHost _host;

    private BenchSilo(IHost host)
    {
        _host = host;
    }

    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Builds and starts a silo holding the benchmark grains; <paramref name="configure"/> adds storage.</summary>
    public static async Task<BenchSilo> StartAsync(Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.UseGovOrleans(silo =>
        {
            silo.AddGrainAssembly(typeof(PingGrain).Assembly);
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(StopTimeout))
        {
            await _host.StopAsync(cts.Token);
        }

        _host.Dispose();
    }
}
