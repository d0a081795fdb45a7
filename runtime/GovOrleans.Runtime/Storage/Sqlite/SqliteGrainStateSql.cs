namespace GovOrleans.Runtime.Storage.Sqlite;

/// <summary>
/// The statements of <see cref="SqliteGrainStorage"/>. Keys are TEXT with binary collation, so "020235" and
/// "20235" stay different rows; the payload is bound as UTF-8 bytes and stored as TEXT, so SQLite's JSON
/// functions can query it.
/// </summary>
internal static class SqliteGrainStateSql
{
    private const string RowFilter =
        "service_id = $service AND grain_type = $type AND grain_key = $key AND state_name = $state";

    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS govorleans_grain_state (
            service_id  TEXT    NOT NULL,
            grain_type  TEXT    NOT NULL,
            grain_key   TEXT    NOT NULL,
            state_name  TEXT    NOT NULL,
            payload     TEXT    NULL,
            version     INTEGER NOT NULL,
            modified_on TEXT    NOT NULL,
            PRIMARY KEY (service_id, grain_type, grain_key, state_name)
        );
        """;

    public const string Insert = """
        INSERT INTO govorleans_grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_on)
        VALUES ($service, $type, $key, $state, CAST($payload AS TEXT), 1, $modified)
        ON CONFLICT DO NOTHING
        RETURNING version;
        """;

    public const string Update = $"""
        UPDATE govorleans_grain_state
        SET payload = CAST($payload AS TEXT), version = version + 1, modified_on = $modified
        WHERE {RowFilter} AND version = $expected
        RETURNING version;
        """;

    public const string SelectVersion = $"SELECT version FROM govorleans_grain_state WHERE {RowFilter};";

    public const string Read = $"SELECT CAST(payload AS BLOB), version FROM govorleans_grain_state WHERE {RowFilter};";
}
