using Npgsql;

namespace GovOrleans.Bench.Scenarios;

/// <summary>The server's version and the settings that decide whether a commit is durable.</summary>
internal sealed record PostgresServerInfo(string Version, string Fsync, string SynchronousCommit, string FullPageWrites, string WalSyncMethod, int MaxConnections)
{
    public static async Task<PostgresServerInfo> ReadAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes'), "
            + "current_setting('wal_sync_method'), current_setting('max_connections')::int");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new PostgresServerInfo(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5));
    }

    /// <summary>Throws unless every commit waits for its WAL flush: the scenario measures durable writes only.</summary>
    public void EnsureDurable(string connectionString)
    {
        if (Fsync != "on" || SynchronousCommit == "off")
        {
            throw new InvalidOperationException(
                $"PostgreSQL runs with fsync={Fsync}, synchronous_commit={SynchronousCommit}: writes are not durable. "
                + "pgwrites measures durable commits only; use a server with the default settings (bench/run.sh starts one).");
        }

        var options = new NpgsqlConnectionStringBuilder(connectionString).Options;
        if (options is not null && (options.Contains("fsync", StringComparison.OrdinalIgnoreCase)
            || options.Contains("synchronous_commit", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"The connection string overrides durability settings (Options={options}).");
        }
    }
}
