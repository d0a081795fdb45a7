using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// The trail in SQLite. <c>BEGIN IMMEDIATE</c> takes the database's single write lock before the head is read, so
/// appends from several processes sharing the file still form one chain. Triggers make UPDATE and DELETE fail.
/// </summary>
internal sealed class SqliteAuditStore : IAuditStore
{
    private const int BusyTimeoutMilliseconds = 30_000;

    private const string Columns = "seq, at, actor, roles, action, resource, outcome, trace_id, prev_hash, hash";

    private const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS govorleans_audit (
            seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, roles TEXT NOT NULL, action TEXT NOT NULL,
            resource TEXT NOT NULL, outcome INTEGER NOT NULL, trace_id TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE TRIGGER IF NOT EXISTS govorleans_audit_no_update BEFORE UPDATE ON govorleans_audit
            BEGIN SELECT RAISE(ABORT, 'govorleans_audit is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS govorleans_audit_no_delete BEFORE DELETE ON govorleans_audit
            BEGIN SELECT RAISE(ABORT, 'govorleans_audit is append-only'); END;
        """;

    private readonly string _connectionString;
    private readonly bool _readOnly;

    public SqliteAuditStore(string connectionString, bool readOnly = false)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        _readOnly = readOnly;
        if (readOnly)
        {
            // Verification must not create an empty database where the real one was expected.
            builder.Mode = SqliteOpenMode.ReadOnly;
        }
        else if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource)
            && builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        _connectionString = builder.ToString();
    }

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
        await ExecuteAsync(connection, SchemaSql, cancellationToken);
    }

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'govorleans_audit'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public async Task<IReadOnlyList<AuditRecord>> AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Serializable + not deferred is BEGIN IMMEDIATE: the write lock is held from before the head is read.
        await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);

        var (seq, hash) = (0L, AuditRecord.GenesisHash);
        await using (var head = connection.CreateCommand())
        {
            head.Transaction = transaction;
            head.CommandText = "SELECT seq, hash FROM govorleans_audit ORDER BY seq DESC LIMIT 1";
            await using var reader = await head.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                (seq, hash) = (reader.GetInt64(0), reader.GetString(1));
            }
        }

        var records = new List<AuditRecord>(entries.Count);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO govorleans_audit ({Columns}) VALUES ($seq, $at, $actor, $roles, $action, $resource, $outcome, $trace, $prev, $hash)";
        var parameters = new[] { "$seq", "$at", "$actor", "$roles", "$action", "$resource", "$outcome", "$trace", "$prev", "$hash" }
            .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name }))
            .ToArray();
        foreach (var entry in entries)
        {
            var record = AuditRecord.Link(seq, hash, entry);
            parameters[0].Value = record.Seq;
            parameters[1].Value = AuditHash.FormatTimestamp(record.At);
            parameters[2].Value = record.Actor;
            parameters[3].Value = record.Roles;
            parameters[4].Value = record.Action;
            parameters[5].Value = record.Resource;
            parameters[6].Value = record.Outcome;
            parameters[7].Value = record.TraceId;
            parameters[8].Value = record.PrevHash;
            parameters[9].Value = record.Hash;
            await insert.ExecuteNonQueryAsync(cancellationToken);
            records.Add(record);
            (seq, hash) = (record.Seq, record.Hash);
        }

        await transaction.CommitAsync(cancellationToken);
        return records;
    }

    public async IAsyncEnumerable<AuditRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM govorleans_audit ORDER BY seq";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new AuditRecord(
                reader.GetInt64(0), AuditHash.ParseTimestamp(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.GetString(7), reader.GetString(8), reader.GetString(9));
        }
    }

    public ValueTask DisposeAsync()
    {
        // Release pooled handles so the file can be moved or deleted once the trail is gone.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!_readOnly)
            {
                await ExecuteAsync(connection, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};", cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
