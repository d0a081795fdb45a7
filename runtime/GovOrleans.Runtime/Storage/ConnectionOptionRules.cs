using Microsoft.Data.Sqlite;
using Npgsql;

namespace GovOrleans.Runtime.Storage;

/// <summary>
/// The checks shared by the options validators of the SQLite and PostgreSQL providers. They run when the host
/// starts, so a misconfigured store stops the silo at once instead of failing the first grain that saves.
/// </summary>
internal static class ConnectionOptionRules
{
    public static void CheckServiceId(string what, string? serviceId, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(serviceId))
        {
            failures.Add($"{what}: ServiceId is required.");
        }
    }

    public static void CheckSqlite(string what, string? connectionString, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"{what}: ConnectionString is required, e.g. 'Data Source=./data/govorleans.db'.");
            return;
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // The message of the exception may echo the connection string; it is not repeated here.
            failures.Add($"{what}: ConnectionString is not a valid SQLite connection string.");
            return;
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            // An empty Data Source is a temporary database that SQLite deletes when it closes.
            failures.Add($"{what}: ConnectionString needs a Data Source (a file path, or ':memory:' with Mode=Memory;Cache=Shared).");
        }
    }

    public static void CheckPostgres(string what, string? connectionString, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"{what}: ConnectionString is required, e.g. 'Host=127.0.0.1;Database=govorleans;Username=…;Password=…'.");
            return;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            failures.Add($"{what}: ConnectionString is not a valid Npgsql connection string.");
        }
    }
}
