namespace GovOrleans.Silo;

/// <summary>Where the co-hosted silo keeps grain state, reminders and the case index (section <c>Platform:Storage</c>).</summary>
public sealed class PlatformStorageOptions
{
    public const string SectionName = "Platform:Storage";
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
    public const string DefaultSqliteConnectionString = "Data Source=./data/govorleans.db";

    /// <summary><c>Sqlite</c> (default, one file, for a single silo) or <c>Postgres</c> (required for a cluster).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>The connection string; required for PostgreSQL, <see cref="DefaultSqliteConnectionString"/> for SQLite when empty.</summary>
    public string? ConnectionString { get; set; }

    internal bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    internal bool IsSqlite => string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase);

    internal string EffectiveConnectionString =>
        !string.IsNullOrWhiteSpace(ConnectionString) ? ConnectionString : IsSqlite ? DefaultSqliteConnectionString : string.Empty;
}
