using GovOrleans.Runtime.GrainDirectory;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Membership.Postgres;
using GovOrleans.Runtime.Membership.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Membership;

/// <summary>
/// Chooses where the silo keeps the cluster's membership table and grain directory. One instance serves as both
/// <see cref="IMembershipTable"/> and <see cref="IGrainDirectoryTable"/>, so a death and the removal of the dead
/// silo's registrations are one transaction; a later call replaces an earlier one.
/// </summary>
public static class ClusteringSiloBuilderExtensions
{
    /// <summary>Keeps the cluster tables in process memory, for in-process test clusters.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="tables">The instance every silo of the test cluster is given.</param>
    public static ISiloBuilder UseInMemoryClustering(this ISiloBuilder builder, InMemoryClusterTables tables)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tables);
        var services = builder.Services;
        RemoveTables(services);
        services.AddSingleton<IMembershipTable>(tables);
        services.AddSingleton<IGrainDirectoryTable>(tables);
        return builder;
    }

    /// <summary>Keeps the cluster tables in a SQLite file shared by the silos of one machine.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets the options; <see cref="SqliteClusteringOptions.ConnectionString"/> is required.</param>
    public static ISiloBuilder UseSqliteClustering(this ISiloBuilder builder, Action<SqliteClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<SqliteClusteringOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteClusteringOptions>, SqliteClusteringOptionsValidator>());
        AddTables(services, provider => new SqliteClusterTables(
            provider.GetRequiredService<IOptions<SqliteClusteringOptions>>().Value,
            ClusterId(provider),
            CreateLogger<SqliteClusterTables>(provider)));
        return builder;
    }

    /// <summary>Keeps the cluster tables in PostgreSQL.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets the options; <see cref="PostgresClusteringOptions.ConnectionString"/> is required.</param>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, Action<PostgresClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<PostgresClusteringOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresClusteringOptions>, PostgresClusteringOptionsValidator>());
        AddTables(services, provider => new PostgresClusterTables(
            provider.GetRequiredService<IOptions<PostgresClusteringOptions>>().Value,
            ClusterId(provider),
            CreateLogger<PostgresClusterTables>(provider)));
        return builder;
    }

    // The concrete type is the one singleton; both interfaces resolve to it.
    private static void AddTables<T>(IServiceCollection services, Func<IServiceProvider, T> create)
        where T : class, IMembershipTable, IGrainDirectoryTable
    {
        RemoveTables(services);
        services.RemoveAll<T>();
        services.AddSingleton(create);
        services.AddSingleton<IMembershipTable>(provider => provider.GetRequiredService<T>());
        services.AddSingleton<IGrainDirectoryTable>(provider => provider.GetRequiredService<T>());
    }

    private static void RemoveTables(IServiceCollection services)
    {
        services.RemoveAll<IMembershipTable>();
        services.RemoveAll<IGrainDirectoryTable>();
    }

    private static string ClusterId(IServiceProvider provider) => provider.GetRequiredService<IOptions<SiloOptions>>().Value.ClusterId;

    private static ILogger<T> CreateLogger<T>(IServiceProvider provider) =>
        provider.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
