using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Grains;
using GovOrleans.Grains.Cases;
using GovOrleans.Grains.Diagnostics;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Membership;
using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GovOrleans.Silo;

/// <summary>Composes the platform's silo: storage, reminders and case index from <c>Platform:Storage</c>, and the case-management grains.</summary>
public static class PlatformSiloExtensions
{
    /// <summary>The configuration key that makes a silo join a cluster (membership and grain directory in the storage database).</summary>
    public const string ClusterEnabledKey = "Platform:Cluster:Enabled";

    /// <summary>Co-hosts a silo in this application, configured by <see cref="AddPlatform"/> and then <paramref name="configure"/>.</summary>
    public static IHostApplicationBuilder AddPlatformSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseGovOrleans(silo =>
        {
            silo.AddPlatform();
            configure?.Invoke(silo);
        });
        return builder;
    }

    /// <summary>
    /// Adds grain storage (<c>Default</c>), the reminder table and the case index for the provider in <c>Platform:Storage</c>
    /// (<c>Sqlite</c> by default at <c>./data/govorleans.db</c>, or <c>Postgres</c>), and the case-management grains. The options
    /// are validated when the host starts, with every failure reported.
    /// </summary>
    public static ISiloBuilder AddPlatform(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<PlatformStorageOptions>().BindConfiguration(PlatformStorageOptions.SectionName).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlatformStorageOptions>, PlatformStorageOptionsValidator>());
        var options = new PlatformStorageOptions();
        silo.Configuration.GetSection(PlatformStorageOptions.SectionName).Bind(options);
        var connectionString = options.EffectiveConnectionString;
        var clustered = silo.Configuration.GetValue<bool>(ClusterEnabledKey);
        if (options.IsSqlite)
        {
            silo.AddSqliteGrainStorage("Default", o => o.ConnectionString = connectionString)
                .UseSqliteReminderTable(o => o.ConnectionString = connectionString)
                .UseSqliteCaseIndex(connectionString);
            if (clustered)
            {
                silo.UseSqliteClustering(o => o.ConnectionString = connectionString);
            }
        }
        else if (options.IsPostgres && !string.IsNullOrWhiteSpace(connectionString))
        {
            silo.AddPostgresGrainStorage("Default", o => o.ConnectionString = connectionString)
                .UsePostgresReminderTable(o => o.ConnectionString = connectionString)
                .UsePostgresCaseIndex(connectionString);
            if (clustered)
            {
                silo.UsePostgresClustering(o => o.ConnectionString = connectionString);
            }
        }

        silo.AddGrainAssembly(typeof(CanaryGrain).Assembly);
        return silo.AddCaseManagement();
    }

    /// <summary>
    /// Makes this host a cluster client instead of co-hosting a silo (the gateway's client mode): grain calls go over
    /// TCP to the silos of the cluster whose membership table is in <c>Platform:Storage</c>'s database.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformClient(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new PlatformStorageOptions();
        builder.Configuration.GetSection(PlatformStorageOptions.SectionName).Bind(options);
        var connectionString = options.EffectiveConnectionString;
        builder.UseGovOrleansClient(client =>
        {
            if (options.IsPostgres)
            {
                client.UsePostgresClustering(o => o.ConnectionString = connectionString ?? string.Empty);
            }
            else
            {
                client.UseSqliteClustering(o => o.ConnectionString = connectionString ?? PlatformStorageOptions.DefaultSqliteConnectionString);
            }
        });

        // Grain type names come from the grain classes; the client must see the same ones as the silos.
        builder.Services.Configure<GrainTypeOptions>(o =>
        {
            o.Assemblies.Add(typeof(CaseGrain).Assembly);
        });
        return builder;
    }

    /// <summary>True when configuration asks for client mode (<c>Platform:Mode</c> = <c>Client</c>).</summary>
    public static bool IsClientMode(this IConfiguration configuration) =>
        string.Equals(configuration?["Platform:Mode"], "Client", StringComparison.OrdinalIgnoreCase);

    /// <summary>Subscribes <paramref name="handler"/> to every case event (at least once, in order per case; see <see cref="ICaseEventSink"/>).</summary>
    public static IServiceCollection AddCaseEventSubscriber(this IServiceCollection services, Func<CaseEvent, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(handler);
        services.AddSingleton<ICaseEventSink>(new DelegateCaseEventSink(handler));
        return services;
    }

    /// <summary>Subscribes the handler that <paramref name="factory"/> makes from the services (e.g. a singleton hub's method).</summary>
    public static IServiceCollection AddCaseEventSubscriber(
        this IServiceCollection services, Func<IServiceProvider, Func<CaseEvent, CancellationToken, Task>> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddSingleton<ICaseEventSink>(sp => new DelegateCaseEventSink(factory(sp)));
        return services;
    }

    /// <summary>Subscribes a sink class (for hosts that reference the grains assembly).</summary>
    public static IServiceCollection AddCaseEventSink<TSink>(this IServiceCollection services)
        where TSink : class, ICaseEventSink
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICaseEventSink, TSink>());
        return services;
    }
}
