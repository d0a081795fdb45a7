using GovOrleans.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Runtime.Testing;

/// <summary>Configures and starts an <see cref="InProcessTestCluster"/>.</summary>
public sealed class InProcessTestClusterBuilder
{
    private readonly List<Action<ISiloBuilder>> _siloConfigurations = [];
    private readonly List<Action<IServiceCollection>> _serviceConfigurations = [];
    private readonly Dictionary<string, string?> _configuration = new(StringComparer.OrdinalIgnoreCase);
    private TimeProvider? _time;

    /// <summary>Adds silo configuration (storage providers, reminder table, options).</summary>
    public InProcessTestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        _siloConfigurations.Add(configure);
        return this;
    }

    /// <summary>Adds service registrations (call filters, test doubles of external systems).</summary>
    public InProcessTestClusterBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        _serviceConfigurations.Add(configure);
        return this;
    }

    /// <summary>Sets a configuration value, e.g. <c>Silo:Messaging:ResponseTimeout</c>.</summary>
    public InProcessTestClusterBuilder WithSetting(string key, string? value)
    {
        _configuration[key] = value;
        return this;
    }

    /// <summary>Runs the silo on this clock (typically a <see cref="FakeTimeProvider"/>).</summary>
    public InProcessTestClusterBuilder UseTimeProvider(TimeProvider time)
    {
        _time = time;
        return this;
    }

    /// <summary>Builds the silo and starts it.</summary>
    public async Task<InProcessTestCluster> BuildAndStartAsync(CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(_configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (_time is not null)
        {
            builder.Services.AddSingleton(_time);
        }

        builder.UseGovOrleans(silo =>
        {
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
        return new InProcessTestCluster(host);
    }
}
