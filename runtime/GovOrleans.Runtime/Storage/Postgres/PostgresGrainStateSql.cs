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
        """;

    /// <summary>
    /// Optional: a GIN index over every payload. Off by default because every write then also updates the index;
    /// lists and searches read projection tables (e.g. the case index) instead.
    /// </summary>
    public const string CreatePayloadIndex = """
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

    /// <summary>
    /// A whole batch of version-checked updates (or clears, with a NULL payload) as one statement: $1 service id,
    /// $2 modified on, then parallel arrays $3 grain types, $4 keys, $5 state names, $6 payloads, $7 expected versions,
    /// $8 ordinals. One row per input: ordinal, new version or NULL, version stored before the statement.
    /// Rows must be unique within one call (the caller splits repeats into later statements).
    /// </summary>
    public const string UpdateMany = """
        WITH input AS (
            SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::jsonb[], $7::integer[], $8::integer[])
                AS i(grain_type, grain_key, state_name, payload, expected, ordinal)),
        updated AS (
            UPDATE govorleans_grain_state g
            SET payload = i.payload, version = g.version + 1, modified_on = $2
            FROM input i
            WHERE g.service_id = $1 AND g.grain_type = i.grain_type AND g.grain_key = i.grain_key
              AND g.state_name = i.state_name AND g.version = i.expected
            RETURNING i.ordinal, g.version)
        SELECT i.ordinal, u.version, s.version
        FROM input i
        LEFT JOIN updated u ON u.ordinal = i.ordinal
        LEFT JOIN govorleans_grain_state s ON s.service_id = $1 AND s.grain_type = i.grain_type
            AND s.grain_key = i.grain_key AND s.state_name = i.state_name
        """;

    /// <summary>
    /// A whole batch of first writes (version 1, only where no row exists) as one statement: $1 service id,
    /// $2 modified on, $3 grain types, $4 keys, $5 state names, $6 payloads, $7 ordinals. Rows unique within one call.
    /// </summary>
    public const string InsertMany = """
        WITH input AS (
            SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::jsonb[], $7::integer[])
                AS i(grain_type, grain_key, state_name, payload, ordinal)),
        inserted AS (
            INSERT INTO govorleans_grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_on)
            SELECT $1, i.grain_type, i.grain_key, i.state_name, i.payload, 1, $2 FROM input i
            ON CONFLICT DO NOTHING
            RETURNING grain_type, grain_key, state_name, version)
        SELECT i.ordinal, n.version, s.version
        FROM input i
        LEFT JOIN inserted n ON n.grain_type = i.grain_type AND n.grain_key = i.grain_key AND n.state_name = i.state_name
        LEFT JOIN govorleans_grain_state s ON s.service_id = $1 AND s.grain_type = i.grain_type
            AND s.grain_key = i.grain_key AND s.state_name = i.state_name
        """;

    /// <summary>A clear by a caller that saw no row succeeds only if there still is none; nothing is written. $5 ordinal.</summary>
    public const string CheckAbsent = $"SELECT $5::integer, NULL::integer, (SELECT version FROM govorleans_grain_state WHERE {RowFilter})";
}
