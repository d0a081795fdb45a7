using Npgsql;

namespace GovOrleans.Bench.Scenarios;

/// <summary>
/// Server-side counters read at the edges of a window: the next transaction id (exact count of write
/// transactions), the WAL insert position (exact WAL bytes) and pg_stat_wal's WAL flush count (approximate:
/// backends publish their statistics at most once a second).
/// </summary>
internal sealed record PostgresActivity(long NextXid, long WalBytes, long WalSyncs)
{
    private const string Query =
        "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint, (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint, "
        + "(SELECT wal_sync FROM pg_stat_wal)";

    public static PostgresActivity Read(NpgsqlDataSource dataSource)
    {
        using var command = dataSource.CreateCommand(Query);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new PostgresActivity(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public PostgresActivity Minus(PostgresActivity start) =>
        new(NextXid - start.NextXid, WalBytes - start.WalBytes, WalSyncs - start.WalSyncs);
}
