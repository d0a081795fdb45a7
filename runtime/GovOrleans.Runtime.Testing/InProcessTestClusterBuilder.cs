using System.Globalization;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Membership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Runtime.Testing;

/// <summary>Builds an <see cref="InProcessTestCluster"/>.</summary>
public sealed class InProcessTestClusterBuilder
{
    private readonly List<Action<ISiloBuilder>> _siloConfigurations = [];
    private readonly List<Action<IServiceCollection>> _serviceConfigurations = [];
    private readonly List<Action<IClientBuilder>> _clientConfigurations = [];
    private readonly Dictionary<string, string?> _configuration = new(StringComparer.OrdinalIgnoreCase);
    private TimeProvider? _time;
    private int _clusteredSilos;

    /// <summary>Configures every silo (grain storage, reminders, filters...).</summary>
    public InProcessTestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        _siloConfigurations.Add(configure);
        return this;
    }

    /// <summary>Adds services to every silo's host.</summary>
    public InProcessTestClusterBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        _serviceConfigurations.Add(configure);
        return this;
    }

    /// <summary>Configures every cluster client (by default they share the silos' in-memory tables).</summary>
    public InProcessTestClusterBuilder ConfigureClient(Action<IClientBuilder> configure)
    {
        _clientConfigurations.Add(configure);
        return this;
    }

    /// <summary>Sets a configuration value for every silo and client.</summary>
    public InProcessTestClusterBuilder WithSetting(string key, string? value)
    {
        _configuration[key] = value;
        return this;
    }

    /// <summary>Uses this time provider in every silo.</summary>
    public InProcessTestClusterBuilder UseTimeProvider(TimeProvider time)
    {
        _time = time;
        return this;
    }

    /// <summary>
    /// Starts <paramref name="initialSilos"/> silos as a real cluster: TCP on loopback with free ports, membership and
    /// grain directory in shared in-memory tables (unless a ConfigureSilo call chooses SQLite or PostgreSQL clustering),
    /// and short leases (3 s) so that kills are detected quickly.
    /// </summary>
    public InProcessTestClusterBuilder WithClusteredSilos(int initialSilos)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialSilos, 1);
        _clusteredSilos = initialSilos;
        return this;
    }

    /// <summary>Starts the silos.</summary>
    public async Task<InProcessTestCluster> BuildAndStartAsync(CancellationToken cancellationToken = default)
    {
        if (_clusteredSilos == 0)
        {
            var host = await StartSiloHostAsync(_configuration, null, cancellationToken);
            return new InProcessTestCluster([new InProcessSilo(host, "silo-0")], null, null);
        }

        var tables = new InMemoryClusterTables();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Silo:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..12],
            ["Silo:Endpoints:AdvertisedHost"] = "127.0.0.1",
            ["Silo:Endpoints:SiloPort"] = "0",
            ["Silo:Endpoints:GatewayPort"] = "0",
            ["Silo:Membership:HeartbeatPeriod"] = "00:00:00.200",
            ["Silo:Membership:RefreshPeriod"] = "00:00:00.200",
            ["Silo:Membership:LeaseDuration"] = "00:00:03",
            ["Silo:Membership:FenceMargin"] = "00:00:00.500",
        };
        foreach (var (key, value) in _configuration)
        {
            settings[key] = value;
        }

        async Task<InProcessSilo> StartSilo(int index)
        {
            var name = "silo-" + index.ToString(CultureInfo.InvariantCulture);
            var siloSettings = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase) { ["Silo:SiloName"] = name };
            var host = await StartSiloHostAsync(siloSettings, tables, cancellationToken);
            return new InProcessSilo(host, name);
        }

        async Task<InProcessClient> StartClient()
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.UseGovOrleansClient(client =>
            {
                client.UseInMemoryClustering(tables);
                foreach (var configure in _clientConfigurations)
                {
                    configure(client);
                }
            });
            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            return new InProcessClient(host);
        }

        var silos = new List<InProcessSilo>();
        for (var i = 0; i < _clusteredSilos; i++)
        {
            silos.Add(await StartSilo(i));
        }

        return new InProcessTestCluster(silos, StartSilo, StartClient);
    }

    private async Task<IHost> StartSiloHostAsync(IDictionary<string, string?> settings, InMemoryClusterTables? tables, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (_time is not null)
        {
            builder.Services.AddSingleton(_time);
        }

        builder.UseGovOrleans(silo =>
        {
            if (tables is not null)
            {
                silo.UseInMemoryClustering(tables);
            }

            foreach (var configure in _siloConfigurations)
            {
                configure(silo);
            }
        });
        foreach (var configure in _serviceConfigurations)
        {
            configure(builder.Services);
        }

        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
