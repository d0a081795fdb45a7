using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GovOrleans.Silo;

/// <summary>Checks <see cref="PlatformStorageOptions"/> and reports every failure at once.</summary>
internal sealed class PlatformStorageOptionsValidator : IValidateOptions<PlatformStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformStorageOptions options)
    {
        var failures = new List<string>();
        if (!options.IsSqlite && !options.IsPostgres)
        {
            failures.Add($"{PlatformStorageOptions.SectionName}:Provider must be '{PlatformStorageOptions.Sqlite}' or '{PlatformStorageOptions.Postgres}'.");
        }

        if (options.IsPostgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{PlatformStorageOptions.SectionName}:ConnectionString is required for PostgreSQL.");
        }
        else if (options.IsPostgres || options.IsSqlite)
        {
            try
            {
                _ = options.IsPostgres
                    ? new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString).ToString()
                    : new SqliteConnectionStringBuilder(options.EffectiveConnectionString).ToString();
            }
            catch (ArgumentException)
            {
                // The message would echo the connection string, which may hold a password.
                failures.Add($"{PlatformStorageOptions.SectionName}:ConnectionString is not a valid {options.Provider} connection string.");
            }
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
