using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

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
    private readonly Lock _appendLock = new();
    private readonly AuditRecordEncoder _encoder = new();
    private Writer? _writer;

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

    public Task<IReadOnlyList<AuditRecord>> AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_appendLock)
        {
            var writer = _writer ??= Writer.Open(_connectionString);
            try
            {
                return Task.FromResult<IReadOnlyList<AuditRecord>>(writer.Append(entries, _encoder));
            }
            catch
            {
                // Start the next attempt on a fresh connection.
                _writer = null;
                writer.Dispose();
                throw;
            }
        }
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
        lock (_appendLock)
        {
            _writer?.Dispose();
            _writer = null;
        }

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

    /// <summary>
    /// The appending connection, kept open between batches, with its two statements prepared once. Values are bound
    /// straight from the encoder's UTF-8 fields, the same bytes the hash covers.
    /// </summary>
    private sealed class Writer : IDisposable
    {
        private const string HeadSql = "SELECT seq, hash FROM govorleans_audit ORDER BY seq DESC LIMIT 1";
        private const string InsertSql = $"INSERT INTO govorleans_audit ({Columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

        private readonly SqliteConnection _connection;
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _head;
        private readonly sqlite3_stmt _insert;

        private Writer(SqliteConnection connection, sqlite3 db, sqlite3_stmt head, sqlite3_stmt insert)
        {
            _connection = connection;
            _db = db;
            _head = head;
            _insert = insert;
        }

        public static Writer Open(string connectionString)
        {
            var connection = new SqliteConnection(connectionString);
            sqlite3_stmt? head = null;
            try
            {
                connection.Open();
                using (var pragma = connection.CreateCommand())
                {
                    pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
                    pragma.ExecuteNonQuery();
                }

                var db = connection.Handle!;
                head = Prepare(db, HeadSql);
                return new Writer(connection, db, head, Prepare(db, InsertSql));
            }
            catch
            {
                head?.Dispose();
                connection.Dispose();
                throw;
            }
        }

        /// <summary>In one BEGIN IMMEDIATE transaction: reads the head, links the entries after it and inserts them.</summary>
        public List<AuditRecord> Append(IReadOnlyList<AuditEntry> entries, AuditRecordEncoder encoder)
        {
            // Serializable + not deferred is BEGIN IMMEDIATE: the write lock is held from before the head is read.
            using var transaction = _connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
            var (seq, hash) = ReadHead();
            var records = new List<AuditRecord>(entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                var record = AuditRecord.Link(seq, hash, entries[i], encoder);
                Insert(record, encoder);
                records.Add(record);
                (seq, hash) = (record.Seq, record.Hash);
            }

            transaction.Commit();
            return records;
        }

        public void Dispose()
        {
            _head.Dispose();
            _insert.Dispose();
            _connection.Dispose();
        }

        private (long Seq, string Hash) ReadHead()
        {
            try
            {
                var rc = raw.sqlite3_step(_head);
                if (rc == raw.SQLITE_ROW)
                {
                    return (raw.sqlite3_column_int64(_head, 0), raw.sqlite3_column_text(_head, 1).utf8_to_string());
                }

                Check(rc, raw.SQLITE_DONE);
                return (0L, AuditRecord.GenesisHash);
            }
            finally
            {
                raw.sqlite3_reset(_head);
            }
        }

        private void Insert(AuditRecord record, AuditRecordEncoder encoder)
        {
            try
            {
                Check(raw.sqlite3_bind_int64(_insert, 1, record.Seq));
                BindText(2, encoder[AuditRecordEncoder.Field.At]);
                BindText(3, encoder[AuditRecordEncoder.Field.Actor]);
                BindText(4, encoder[AuditRecordEncoder.Field.Roles]);
                BindText(5, encoder[AuditRecordEncoder.Field.Action]);
                BindText(6, encoder[AuditRecordEncoder.Field.Resource]);
                Check(raw.sqlite3_bind_int64(_insert, 7, record.Outcome));
                BindText(8, encoder[AuditRecordEncoder.Field.TraceId]);
                BindText(9, encoder[AuditRecordEncoder.Field.PrevHash]);
                BindText(10, encoder.HashHexUtf8);
                Check(raw.sqlite3_step(_insert), raw.SQLITE_DONE);
            }
            finally
            {
                raw.sqlite3_reset(_insert);
            }
        }

        // An empty span pins to a null pointer, which SQLite would bind as NULL; the columns hold empty strings instead.
        private void BindText(int index, ReadOnlySpan<byte> utf8) =>
            Check(utf8.IsEmpty ? raw.sqlite3_bind_text(_insert, index, string.Empty) : raw.sqlite3_bind_text(_insert, index, utf8));

        private void Check(int rc, int expected = raw.SQLITE_OK)
        {
            if (rc != expected)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
                throw new SqliteException($"Unexpected SQLite result {rc} (expected {expected}).", rc);
            }
        }

        private static sqlite3_stmt Prepare(sqlite3 db, string sql)
        {
            var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
            if (rc != raw.SQLITE_OK)
            {
                statement?.Dispose();
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            return statement ?? throw new SqliteException($"SQLite prepared no statement for: {sql}", raw.SQLITE_ERROR);
        }
    }
}
