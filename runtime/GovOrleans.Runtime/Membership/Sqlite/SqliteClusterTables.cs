using System.Data;
using GovOrleans.Runtime.GrainDirectory;
using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Runtime.Membership.Sqlite;

/// <summary>
/// The membership table and grain directory of one cluster in a SQLite file shared by the silo processes of one
/// machine. Every write runs in a <c>BEGIN IMMEDIATE</c> transaction, so a compare-and-swap reads the latest commit
/// and writers of other processes queue on the busy timeout. Times are Unix milliseconds; status 6 is
/// <see cref="SiloStatus.Dead"/> and 3 is <see cref="SiloStatus.Active"/>.
/// </summary>
public sealed partial class SqliteClusterTables : IMembershipTable, IGrainDirectoryTable, IAsyncDisposable
{
    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS govorleans_membership_version (
            cluster_id TEXT    NOT NULL PRIMARY KEY,
            version    INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS govorleans_membership (
            cluster_id    TEXT    NOT NULL,
            address       TEXT    NOT NULL,
            silo_name     TEXT    NOT NULL,
            status        INTEGER NOT NULL,
            gateway_port  INTEGER NOT NULL,
            start_time    INTEGER NOT NULL,
            iamalive_time INTEGER NOT NULL,
            PRIMARY KEY (cluster_id, address)
        );
        CREATE TABLE IF NOT EXISTS govorleans_grain_directory (
            cluster_id    TEXT    NOT NULL,
            grain_id      TEXT    NOT NULL,
            silo          TEXT    NOT NULL,
            activation_id TEXT    NOT NULL,
            created_on    INTEGER NOT NULL,
            PRIMARY KEY (cluster_id, grain_id)
        );
        CREATE INDEX IF NOT EXISTS govorleans_grain_directory_silo_idx ON govorleans_grain_directory (cluster_id, silo);
        """;

    // One statement, so the version and the rows come from one read snapshot. No version row means no rows.
    private const string ReadAllSql = """
        SELECT v.version, m.address, m.silo_name, m.status, m.gateway_port, m.start_time, m.iamalive_time
        FROM govorleans_membership_version AS v
        LEFT JOIN govorleans_membership AS m ON m.cluster_id = v.cluster_id
        WHERE v.cluster_id = $cluster
        ORDER BY m.address;
        """;

    private const string EnsureVersionSql =
        "INSERT INTO govorleans_membership_version (cluster_id, version) VALUES ($cluster, 0) ON CONFLICT (cluster_id) DO NOTHING;";

    private const string BumpVersionSql =
        "UPDATE govorleans_membership_version SET version = version + 1 WHERE cluster_id = $cluster AND version = $expected;";

    private const string InsertSql = """
        INSERT INTO govorleans_membership (cluster_id, address, silo_name, status, gateway_port, start_time, iamalive_time)
        VALUES ($cluster, $address, $name, $status, $gateway, $start, $alive)
        ON CONFLICT (cluster_id, address) DO NOTHING;
        """;

    private const string UpdateStatusSql = """
        UPDATE govorleans_membership SET status = $status
        WHERE cluster_id = $cluster AND address = $address AND status <> 6 AND ($before IS NULL OR iamalive_time < $before);
        """;

    private const string UpdateIAmAliveSql =
        "UPDATE govorleans_membership SET iamalive_time = $alive WHERE cluster_id = $cluster AND address = $address AND status <> 6;";

    private const string CleanupSql =
        "DELETE FROM govorleans_membership WHERE cluster_id = $cluster AND status = 6 AND iamalive_time < $before;";

    private readonly string _clusterId;
    private readonly SqliteDatabase _database;
    private readonly ILogger<SqliteClusterTables> _logger;
    private readonly AsyncOnce _initialization;

    // Queues this instance's writers; other processes queue on the file lock and the busy timeout.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Creates the tables of one cluster; the file and schema are created by <see cref="InitializeAsync"/> or on first use.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="clusterId">The cluster whose rows this instance reads and writes.</param>
    /// <param name="logger">The logger.</param>
    public SqliteClusterTables(SqliteClusteringOptions options, string clusterId, ILogger<SqliteClusterTables> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        _clusterId = clusterId;
        _database = new SqliteDatabase(options.ConnectionString);
        _logger = logger;
        _initialization = new AsyncOnce(CreateSchemaAsync);
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => _initialization.EnsureAsync().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        await _initialization.EnsureAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync().ConfigureAwait(false);
        using var command = CreateCommand(connection, null, ReadAllSql);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long version = 0;
        var entries = new List<MembershipEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
            {
                entries.Add(new MembershipEntry(
                    SiloAddress.Parse(reader.GetString(1)),
                    reader.GetString(2),
                    (SiloStatus)reader.GetInt32(3),
                    reader.GetInt32(4),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
            }
        }

        return new MembershipSnapshot(version, entries);
    }

    /// <inheritdoc />
    public Task<bool> InsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync(transaction =>
        {
            Execute(transaction, EnsureVersionSql);
            if (Execute(transaction, BumpVersionSql, ("$expected", expectedVersion)) != 1
                || Execute(
                    transaction,
                    InsertSql,
                    ("$address", entry.Address.ToString()),
                    ("$name", entry.SiloName),
                    ("$status", (int)entry.Status),
                    ("$gateway", entry.GatewayPort),
                    ("$start", entry.StartTime.ToUnixTimeMilliseconds()),
                    ("$alive", entry.IAmAliveTime.ToUnixTimeMilliseconds())) != 1)
            {
                return false;
            }

            transaction.Commit();
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> UpdateStatusAsync(
        SiloAddress address, SiloStatus status, long expectedVersion, DateTimeOffset? onlyIfIAmAliveBefore, CancellationToken cancellationToken)
    {
        var removed = await WriteAsync(transaction =>
        {
            var silo = address.ToString();
            if (Execute(transaction, BumpVersionSql, ("$expected", expectedVersion)) != 1
                || Execute(
                    transaction,
                    UpdateStatusSql,
                    ("$address", silo),
                    ("$status", (int)status),
                    ("$before", onlyIfIAmAliveBefore?.ToUnixTimeMilliseconds())) != 1)
            {
                return (int?)null;
            }

            var registrations = status == SiloStatus.Dead ? Execute(transaction, DeleteSiloRegistrationsSql, ("$address", silo)) : 0;
            transaction.Commit();
            return registrations;
        }, cancellationToken).ConfigureAwait(false);

        if (removed is { } count && status == SiloStatus.Dead)
        {
            LogSiloDead(_logger, count);
        }

        return removed is not null;
    }

    /// <inheritdoc />
    public Task<bool> UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(transaction =>
        {
            var updated = Execute(transaction, UpdateIAmAliveSql, ("$address", address.ToString()), ("$alive", now.ToUnixTimeMilliseconds()));
            transaction.Commit();
            return updated == 1;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> CleanupDefunctAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        WriteAsync(transaction =>
        {
            var deleted = Execute(transaction, CleanupSql, ("$before", olderThan.ToUnixTimeMilliseconds()));
            transaction.Commit();
            return deleted;
        }, cancellationToken);

    /// <summary>Closes the pooled connections to the database file.</summary>
    public ValueTask DisposeAsync()
    {
        _database.ClearPool();
        _writeLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task CreateSchemaAsync()
    {
        await using var connection = await _database.OpenAsync().ConfigureAwait(false);
        await SqliteDatabase.EnableWriteAheadLogAsync(connection).ConfigureAwait(false);
        using (var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false))
        {
            Execute(transaction, CreateSchemaSql);
            transaction.Commit();
        }

        LogReady(_logger, _clusterId);
    }

    private async Task<T> WriteAsync<T>(Func<SqliteTransaction, T> write, CancellationToken cancellationToken)
    {
        await _initialization.EnsureAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await _database.OpenAsync().ConfigureAwait(false);

            // BEGIN IMMEDIATE takes the file's write lock before the first read: the version compared is the latest,
            // and a writer in another process waits for it instead of failing to upgrade a read lock. A transaction
            // disposed without Commit rolls back.
            using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            return write(transaction);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private int Execute(SqliteTransaction transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = CreateCommand(transaction.Connection!, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private SqliteCommand CreateCommand(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$cluster", _clusterId);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    [LoggerMessage(EventId = 3210, Level = LogLevel.Information, Message = "SQLite cluster tables of cluster {ClusterId} are ready")]
    private static partial void LogReady(ILogger logger, string clusterId);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Information, Message = "A silo was marked dead and {RegistrationCount} grain registrations of it were removed")]
    private static partial void LogSiloDead(ILogger logger, int registrationCount);
}
