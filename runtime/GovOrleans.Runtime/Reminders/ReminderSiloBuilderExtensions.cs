using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Reminders.Postgres;
using GovOrleans.Runtime.Reminders.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Reminders;

/// <summary>Chooses the silo's <see cref="IReminderTable"/>; a later call replaces an earlier one.</summary>
public static class ReminderSiloBuilderExtensions
{
    /// <summary>Keeps reminders in process memory, for tests and single-silo development: they are lost on restart.</summary>
    /// <param name="builder">The silo builder.</param>
    public static ISiloBuilder UseInMemoryReminderTable(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IReminderTable>();
        builder.Services.AddSingleton<IReminderTable, InMemoryReminderTable>();
        return builder;
    }

    /// <summary>Keeps reminders in a SQLite file.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets the options; <see cref="SqliteReminderTableOptions.ConnectionString"/> is required.</param>
    public static ISiloBuilder UseSqliteReminderTable(this ISiloBuilder builder, Action<SqliteReminderTableOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<SqliteReminderTableOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteReminderTableOptions>, SqliteReminderTableOptionsValidator>());
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(provider => new SqliteReminderTable(
            provider.GetRequiredService<IOptions<SqliteReminderTableOptions>>().Value,
            CreateLogger<SqliteReminderTable>(provider)));
        return builder;
    }

    /// <summary>Keeps reminders in PostgreSQL.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets the options; <see cref="PostgresReminderTableOptions.ConnectionString"/> is required.</param>
    public static ISiloBuilder UsePostgresReminderTable(this ISiloBuilder builder, Action<PostgresReminderTableOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<PostgresReminderTableOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresReminderTableOptions>, PostgresReminderTableOptionsValidator>());
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(provider => new PostgresReminderTable(
            provider.GetRequiredService<IOptions<PostgresReminderTableOptions>>().Value,
            CreateLogger<PostgresReminderTable>(provider)));
        return builder;
    }

    private static ILogger<T> CreateLogger<T>(IServiceProvider provider) =>
        provider.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
