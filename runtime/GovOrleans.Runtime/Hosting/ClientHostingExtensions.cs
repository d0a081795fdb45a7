using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Cluster;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Membership;
using GovOrleans.Runtime.Membership.Postgres;
using GovOrleans.Runtime.Membership.Sqlite;
using GovOrleans.Runtime.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GovOrleans.Runtime.Hosting;

/// <summary>
/// Adds a cluster client to a host (Orleans's UseOrleansClient): <see cref="IGrainFactory"/> sends every call over TCP
/// to the silo that hosts the grain, found through the cluster's membership table. The grain interface assemblies and
/// the grain class assemblies must be loadable (grain type names are resolved from the classes).
/// </summary>
public static class ClientHostingExtensions
{
    /// <summary>Adds the client; <paramref name="configure"/> must choose the clustering tables the silos use.</summary>
    public static IHostApplicationBuilder UseGovOrleansClient(this IHostApplicationBuilder builder, Action<IClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGovOrleansClient(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Registers the client's services and its hosted service.</summary>
    public static IServiceCollection AddGovOrleansClient(this IServiceCollection services, IConfiguration configuration, Action<IClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddGrainCallServices();
        services.AddClusterServices(hostsGrains: false);
        services.AddSingleton<ClusterClient>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterClient>());
        configure(new ClientBuilder(services, configuration));
        return services;
    }

    /// <summary>Reads the cluster tables from a SQLite file (silos of one machine).</summary>
    public static IClientBuilder UseSqliteClustering(this IClientBuilder builder, Action<SqliteClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        new SiloBuilder(builder.Services, builder.Configuration).UseSqliteClustering(configure);
        return builder;
    }

    /// <summary>Reads the cluster tables from PostgreSQL.</summary>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder builder, Action<PostgresClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        new SiloBuilder(builder.Services, builder.Configuration).UsePostgresClustering(configure);
        return builder;
    }

    /// <summary>Shares an in-process cluster's tables (tests).</summary>
    public static IClientBuilder UseInMemoryClustering(this IClientBuilder builder, InMemoryClusterTables tables)
    {
        ArgumentNullException.ThrowIfNull(builder);
        new SiloBuilder(builder.Services, builder.Configuration).UseInMemoryClustering(tables);
        return builder;
    }
}
