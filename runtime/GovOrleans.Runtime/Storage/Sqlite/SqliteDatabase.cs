using Microsoft.Data.Sqlite;

namespace GovOrleans.Runtime.Storage.Sqlite;

/// <summary>
/// Opens connections to one SQLite database file with the settings every GovOrleans table relies on:
/// the file's directory exists, WAL journaling (readers never block the writer) and a busy timeout (a second
/// process or table writing at the same moment waits instead of failing with SQLITE_BUSY).
/// </summary>
internal sealed class SqliteDatabase
{
    private const int BusyTimeoutMilliseconds = 30_000;

    public SqliteDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode != SqliteOpenMode.Memory
            && !string.IsNullOrEmpty(builder.DataSource)
            && !string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal)
            && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        ConnectionString = builder.ToString();
    }

    public string ConnectionString { get; }

    public async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync().ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Switches the file to WAL; the mode is stored in the file, so this is needed once per database.</summary>
    public static async Task EnableWriteAheadLogAsync(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        await command.ExecuteScalarAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the pooled connections of this database so that the file can be moved or deleted.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
