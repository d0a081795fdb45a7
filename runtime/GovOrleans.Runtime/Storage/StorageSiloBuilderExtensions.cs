using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Storage.Postgres;
using GovOrleans.Runtime.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Storage;

/// <summary>
/// Registers grain storage providers. Each is a keyed <see cref="IGrainStorage"/> singleton under its name, which
/// <see cref="PersistentStateAttribute"/> refers to (<c>"Default"</c> when the attribute names none).
/// </summary>
public static class StorageSiloBuilderExtensions
{
    /// <summary>Adds an in-memory grain storage, for tests and development: everything is lost when the silo stops.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name.</param>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = PersistentStateAttribute.DefaultStorageName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, static (_, _) => new MemoryGrainStorage());
        return builder;
    }

    /// <summary>Adds a grain storage in a SQLite file, the embedded default store.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name.</param>
    /// <param name="configure">Sets the options; <see cref="SqliteStorageOptions.ConnectionString"/> is required.</param>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<SqliteStorageOptions>(name).Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => new SqliteGrainStorage(
            name,
            provider.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(name),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            CreateLogger<SqliteGrainStorage>(provider)));
        return builder;
    }

    /// <summary>Adds a grain storage in PostgreSQL, with state as JSONB and group-committed writes.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name.</param>
    /// <param name="configure">Sets the options; <see cref="PostgresStorageOptions.ConnectionString"/> is required.</param>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<PostgresStorageOptions>(name).Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => new PostgresGrainStorage(
            name,
            provider.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(name),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            CreateLogger<PostgresGrainStorage>(provider)));
        return builder;
    }

    private static ILogger<T> CreateLogger<T>(IServiceProvider provider) =>
        provider.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
