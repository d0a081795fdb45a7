using GovOrleans.Runtime.GrainDirectory;
using GovOrleans.Runtime.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace GovOrleans.Runtime.Membership.Postgres;

/// <summary>
/// The membership table and grain directory of one cluster in PostgreSQL. An insert or status change bumps the
/// cluster's version row only if it still holds the expected value and changes the member row in the same
/// transaction; a death deletes the silo's registrations in that transaction too. Status 6 is
/// <see cref="SiloStatus.Dead"/> and 3 is <see cref="SiloStatus.Active"/>.
/// </summary>
public sealed partial class PostgresClusterTables : IMembershipTable, IGrainDirectoryTable, IAsyncDisposable
{
    // Serializes schema creation across processes: concurrent CREATE ... IF NOT EXISTS can still collide.
    private const string SchemaLockKey = "5147462982701940739";

    private const string CreateSchemaSql = $"""
        SELECT pg_advisory_xact_lock({SchemaLockKey});
        CREATE TABLE IF NOT EXISTS govorleans_membership_version (
            cluster_id text   NOT NULL,
            version    bigint NOT NULL,
            CONSTRAINT govorleans_membership_version_pkey PRIMARY KEY (cluster_id)
        );
        CREATE TABLE IF NOT EXISTS govorleans_membership (
            cluster_id    text        NOT NULL,
            address       text        NOT NULL,
            silo_name     text        NOT NULL,
            status        integer     NOT NULL,
            gateway_port  integer     NOT NULL,
            start_time    timestamptz NOT NULL,
            iamalive_time timestamptz NOT NULL,
            CONSTRAINT govorleans_membership_pkey PRIMARY KEY (cluster_id, address)
        );
        CREATE TABLE IF NOT EXISTS govorleans_grain_directory (
            cluster_id    text        NOT NULL,
            grain_id      text        NOT NULL,
            silo          text        NOT NULL,
            activation_id uuid        NOT NULL,
            created_on    timestamptz NOT NULL,
            CONSTRAINT govorleans_grain_directory_pkey PRIMARY KEY (cluster_id, grain_id)
        );
        CREATE INDEX IF NOT EXISTS govorleans_grain_directory_silo_idx ON govorleans_grain_directory (cluster_id, silo);
        """;

    // One statement, so the version and the rows come from one snapshot. No version row means no rows.
    private const string ReadAllSql = """
        SELECT v.version, m.address, m.silo_name, m.status, m.gateway_port, m.start_time, m.iamalive_time
        FROM govorleans_membership_version AS v
        LEFT JOIN govorleans_membership AS m ON m.cluster_id = v.cluster_id
        WHERE v.cluster_id = $1
        ORDER BY m.address
        """;

    private const string EnsureVersionSql =
        "INSERT INTO govorleans_membership_version (cluster_id, version) VALUES ($1, 0) ON CONFLICT (cluster_id) DO NOTHING";

    // Under READ COMMITTED a concurrent bump makes this re-check the new version after that commit, and match nothing.
    private const string BumpVersionSql =
        "UPDATE govorleans_membership_version SET version = version + 1 WHERE cluster_id = $1 AND version = $2";

    private const string InsertSql = """
        INSERT INTO govorleans_membership (cluster_id, address, silo_name, status, gateway_port, start_time, iamalive_time)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (cluster_id, address) DO NOTHING
        """;

    private const string UpdateStatusSql = """
        UPDATE govorleans_membership SET status = $3
        WHERE cluster_id = $1 AND address = $2 AND status <> 6 AND ($4::timestamptz IS NULL OR iamalive_time < $4)
        """;

    private const string UpdateIAmAliveSql =
        "UPDATE govorleans_membership SET iamalive_time = $3 WHERE cluster_id = $1 AND address = $2 AND status <> 6";

    private const string CleanupSql =
        "DELETE FROM govorleans_membership WHERE cluster_id = $1 AND status = 6 AND iamalive_time < $2";

    private readonly string _clusterId;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresClusterTables> _logger;
    private readonly AsyncOnce _initialization;
    private int _disposed;

    /// <summary>Creates the tables of one cluster; the schema is created by <see cref="InitializeAsync"/> or on first use.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="clusterId">The cluster whose rows this instance reads and writes.</param>
    /// <param name="logger">The logger.</param>
    public PostgresClusterTables(PostgresClusteringOptions options, string clusterId, ILogger<PostgresClusterTables> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        _clusterId = clusterId;
        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        _logger = logger;
        _initialization = new AsyncOnce(CreateSchemaAsync);
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => _initialization.EnsureAsync().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        await _initialization.EnsureAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await using var command = CreateCommand(null, ReadAllSql, []);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
                    reader.GetFieldValue<DateTimeOffset>(5),
                    reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }

        return new MembershipSnapshot(version, entries);
    }

    /// <inheritdoc />
    public Task<bool> InsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return InTransactionAsync(async transaction =>
        {
            await ExecuteAsync(transaction, EnsureVersionSql, [], cancellationToken).ConfigureAwait(false);
            if (await ExecuteAsync(transaction, BumpVersionSql, [expectedVersion], cancellationToken).ConfigureAwait(false) != 1
                || await ExecuteAsync(
                    transaction,
                    InsertSql,
                    [
                        entry.Address.ToString(),
                        entry.SiloName,
                        (int)entry.Status,
                        entry.GatewayPort,
                        entry.StartTime.ToUniversalTime(),
                        entry.IAmAliveTime.ToUniversalTime(),
                    ],
                    cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> UpdateStatusAsync(
        SiloAddress address, SiloStatus status, long expectedVersion, DateTimeOffset? onlyIfIAmAliveBefore, CancellationToken cancellationToken)
    {
        var silo = address.ToString();
        var cutoff = new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.TimestampTz,
            Value = onlyIfIAmAliveBefore is { } before ? before.ToUniversalTime() : DBNull.Value,
        };
        var removed = await InTransactionAsync(async transaction =>
        {
            if (await ExecuteAsync(transaction, BumpVersionSql, [expectedVersion], cancellationToken).ConfigureAwait(false) != 1
                || await ExecuteAsync(transaction, UpdateStatusSql, [silo, (int)status, cutoff], cancellationToken).ConfigureAwait(false) != 1)
            {
                return (int?)null;
            }

            // A statement of its own: under READ COMMITTED it sees registrations committed while it waited for the
            // member row, which a registration holds FOR SHARE until it commits.
            var registrations = status == SiloStatus.Dead
                ? await ExecuteAsync(transaction, DeleteSiloRegistrationsSql, [silo], cancellationToken).ConfigureAwait(false)
                : 0;
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return registrations;
        }, cancellationToken).ConfigureAwait(false);

        if (removed is { } count && status == SiloStatus.Dead)
        {
            LogSiloDead(_logger, count);
        }

        return removed is not null;
    }

    /// <inheritdoc />
    public async Task<bool> UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(null, UpdateIAmAliveSql, [address.ToString(), now.ToUniversalTime()], cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public Task<int> CleanupDefunctAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        ExecuteAsync(null, CleanupSql, [olderThan.ToUniversalTime()], cancellationToken);

    /// <summary>Closes the data source; later calls do nothing (a container disposes the instance once per registration).</summary>
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    private async Task CreateSchemaAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(CreateSchemaSql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        LogReady(_logger, _clusterId);
    }

    // The transaction rolls back when disposed uncommitted, so a refused compare-and-swap just returns.
    private async Task<T> InTransactionAsync<T>(Func<NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _initialization.EnsureAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        return await work(transaction).ConfigureAwait(false);
    }

    // Outside a transaction (null) the statement runs on a pooled connection of its own.
    private async Task<int> ExecuteAsync(NpgsqlTransaction? transaction, string sql, object[] arguments, CancellationToken cancellationToken)
    {
        if (transaction is null)
        {
            await _initialization.EnsureAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var command = CreateCommand(transaction, sql, arguments);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // $1 is always the cluster id; the arguments follow as $2, $3, ...
    private NpgsqlCommand CreateCommand(NpgsqlTransaction? transaction, string sql, object[] arguments)
    {
        var command = transaction is null ? _dataSource.CreateCommand(sql) : new NpgsqlCommand(sql, transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
        foreach (var argument in arguments)
        {
            command.Parameters.Add(argument as NpgsqlParameter ?? new NpgsqlParameter { Value = argument });
        }

        return command;
    }

    [LoggerMessage(EventId = 3220, Level = LogLevel.Information, Message = "PostgreSQL cluster tables of cluster {ClusterId} are ready")]
    private static partial void LogReady(ILogger logger, string clusterId);

    [LoggerMessage(EventId = 3221, Level = LogLevel.Information, Message = "A silo was marked dead and {RegistrationCount} grain registrations of it were removed")]
    private static partial void LogSiloDead(ILogger logger, int registrationCount);
}
