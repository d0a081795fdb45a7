using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// The trail in PostgreSQL. A transaction-scoped advisory lock serializes appends from every gateway sharing the
/// database before the head is read; a row trigger rejects UPDATE and DELETE and a statement trigger rejects TRUNCATE,
/// so tampering needs a deliberate ALTER TABLE by the owner. A batch is inserted with one statement over arrays.
/// </summary>
internal sealed class PostgresAuditStore(string connectionString) : IAuditStore
{
    /// <summary>"GovAudit" in ASCII: the advisory-lock key every gateway agrees on.</summary>
    private const long AppendLockKey = 0x476F_7641_7564_6974L;

    private const string Columns = "seq, at, actor, roles, action, resource, outcome, trace_id, prev_hash, hash";

    private const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS govorleans_audit (
            seq bigint PRIMARY KEY, at timestamptz NOT NULL, actor text NOT NULL, roles text NOT NULL, action text NOT NULL,
            resource text NOT NULL, outcome int NOT NULL, trace_id text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL);
        CREATE OR REPLACE FUNCTION govorleans_audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            RAISE EXCEPTION 'govorleans_audit is append-only: % rejected', TG_OP USING ERRCODE = 'insufficient_privilege';
        END
        $fn$;
        DO $do$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'govorleans_audit_append_only' AND tgrelid = 'govorleans_audit'::regclass) THEN
                CREATE TRIGGER govorleans_audit_append_only BEFORE UPDATE OR DELETE ON govorleans_audit
                    FOR EACH ROW EXECUTE FUNCTION govorleans_audit_reject_change();
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'govorleans_audit_no_truncate' AND tgrelid = 'govorleans_audit'::regclass) THEN
                CREATE TRIGGER govorleans_audit_no_truncate BEFORE TRUNCATE ON govorleans_audit
                    FOR EACH STATEMENT EXECUTE FUNCTION govorleans_audit_reject_change();
            END IF;
        END
        $do$;
        """;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Gateways starting together would otherwise race on CREATE OR REPLACE FUNCTION ("tuple concurrently updated").
        await LockAsync(connection, transaction, cancellationToken);
        await using (var command = new NpgsqlCommand(SchemaSql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT to_regclass('govorleans_audit') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<AuditRecord>> AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);

        var (seq, hash) = (0L, AuditRecord.GenesisHash);
        await using (var head = new NpgsqlCommand("SELECT seq, hash FROM govorleans_audit ORDER BY seq DESC LIMIT 1", connection, transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (seq, hash) = (reader.GetInt64(0), reader.GetString(1));
            }
        }

        var records = new List<AuditRecord>(entries.Count);
        var encoder = new AuditRecordEncoder();
        foreach (var entry in entries)
        {
            var record = AuditRecord.Link(seq, hash, entry, encoder);
            records.Add(record);
            (seq, hash) = (record.Seq, record.Hash);
        }

        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO govorleans_audit ({Columns}) SELECT * FROM unnest(@seq, @at, @actor, @roles, @action, @resource, @outcome, @trace, @prev, @hash)",
            connection, transaction))
        {
            var count = records.Count;
            var (seqs, ats, outcomes) = (new long[count], new DateTime[count], new int[count]);
            var (actors, roles, actions, resources, traces, prevs, hashes) =
                (new string[count], new string[count], new string[count], new string[count], new string[count], new string[count], new string[count]);
            for (var i = 0; i < count; i++)
            {
                var r = records[i];
                (seqs[i], ats[i], outcomes[i]) = (r.Seq, r.At.UtcDateTime, r.Outcome);
                (actors[i], roles[i], actions[i], resources[i]) = (r.Actor, r.Roles, r.Action, r.Resource);
                (traces[i], prevs[i], hashes[i]) = (r.TraceId, r.PrevHash, r.Hash);
            }

            insert.Parameters.Add(new NpgsqlParameter<long[]>("seq", seqs));
            insert.Parameters.Add(new NpgsqlParameter<DateTime[]>("at", ats) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new NpgsqlParameter<string[]>("actor", actors));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("roles", roles));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("action", actions));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("resource", resources));
            insert.Parameters.Add(new NpgsqlParameter<int[]>("outcome", outcomes));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("trace", traces));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("prev", prevs));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("hash", hashes));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return records;
    }

    public async IAsyncEnumerable<AuditRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM govorleans_audit ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
            yield return new AuditRecord(
                reader.GetInt64(0), at, reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt32(6), reader.GetString(7), reader.GetString(8), reader.GetString(9));
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("key", AppendLockKey));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
