namespace GovOrleans.Runtime.Storage.Postgres;

/// <summary>
/// The statements of <see cref="PostgresGrainStorage"/>. Parameters are positional: $1 service id, $2 grain type,
/// $3 grain key, $4 state name, then statement-specific ones. Every write statement returns exactly one row
/// (new version or NULL, version stored before the statement or NULL), so a version conflict is an ordinary
/// result and never aborts the transaction the other writes of its batch share.
/// </summary>
internal static class PostgresGrainStateSql
{
    // Serializes schema creation across processes: concurrent CREATE ... IF NOT EXISTS can still collide.
    private const string SchemaLockKey = "5147462982701940737";

    private const string RowFilter = "service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4";

    public const string CreateSchema = $"""
        SELECT pg_advisory_xact_lock({SchemaLockKey});
        CREATE TABLE IF NOT EXISTS govorleans_grain_state (
            service_id  text        NOT NULL,
            grain_type  text        NOT NULL,
            grain_key   text        NOT NULL,
            state_name  text        NOT NULL,
            payload     jsonb       NULL,
            version     integer     NOT NULL,
            modified_on timestamptz NOT NULL,
            CONSTRAINT govorleans_grain_state_pkey PRIMARY KEY (service_id, grain_type, grain_key, state_name)
        );
        CREATE INDEX IF NOT EXISTS govorleans_grain_state_payload_idx
            ON govorleans_grain_state USING gin (payload jsonb_path_ops);
        """;

    public const string Read = $"SELECT payload, version FROM govorleans_grain_state WHERE {RowFilter}";

    /// <summary>$5 payload, $6 modified on. Inserts version 1 only when no row (not even a tombstone) exists.</summary>
    public const string Insert = $"""
        WITH inserted AS (
            INSERT INTO govorleans_grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_on)
            VALUES ($1, $2, $3, $4, $5, 1, $6)
            ON CONFLICT DO NOTHING
            RETURNING version)
        SELECT (SELECT version FROM inserted), (SELECT version FROM govorleans_grain_state WHERE {RowFilter})
        """;

    /// <summary>$5 payload (NULL for a clear), $6 modified on, $7 expected version.</summary>
    public const string Update = $"""
        WITH updated AS (
            UPDATE govorleans_grain_state SET payload = $5, version = version + 1, modified_on = $6
            WHERE {RowFilter} AND version = $7
            RETURNING version)
        SELECT (SELECT version FROM updated), (SELECT version FROM govorleans_grain_state WHERE {RowFilter})
        """;

    /// <summary>A clear by a caller that saw no row succeeds only if there still is none; nothing is written.</summary>
    public const string CheckAbsent = $"SELECT NULL::integer, (SELECT version FROM govorleans_grain_state WHERE {RowFilter})";
}
