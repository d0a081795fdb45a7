using System.Globalization;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GovOrleans.Runtime.Reminders.Postgres;

/// <summary>
/// The reminder table in PostgreSQL. The grain hash is stored as a bigint holding the unsigned value, so ring
/// ranges are plain integer comparisons served by the (service_id, grain_hash) index.
/// </summary>
public sealed partial class PostgresReminderTable : IReminderTable, IAsyncDisposable
{
    // Serializes schema creation across processes: concurrent CREATE ... IF NOT EXISTS can still collide.
    private const string SchemaLockKey = "5147462982701940738";

    private const string CreateSchemaSql = $"""
        SELECT pg_advisory_xact_lock({SchemaLockKey});
        CREATE TABLE IF NOT EXISTS govorleans_reminders (
            service_id    text        NOT NULL,
            grain_id      text        NOT NULL,
            reminder_name text        NOT NULL,
            start_time    timestamptz NOT NULL,
            period_ms     bigint      NOT NULL,
            grain_hash    bigint      NOT NULL,
            version       integer     NOT NULL,
            last_tick     timestamptz,
            CONSTRAINT govorleans_reminders_pkey PRIMARY KEY (service_id, grain_id, reminder_name)
        );
        CREATE INDEX IF NOT EXISTS govorleans_reminders_hash_idx ON govorleans_reminders (service_id, grain_hash);
        """;

    // Tables created before ticks were claimed lack last_tick. Checked first, so that a start does not take the ALTER's
    // exclusive lock every time; the rows of such a table count their latest due tick as claimed (it was delivered then),
    // so that the upgrade does not repeat it.
    private const string AddLastTickSql = """
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = current_schema() AND table_name = 'govorleans_reminders' AND column_name = 'last_tick') THEN
                ALTER TABLE govorleans_reminders ADD COLUMN last_tick timestamptz;
                UPDATE govorleans_reminders
                SET last_tick = start_time + floor(extract(epoch FROM now() - start_time) * 1000 / period_ms) * period_ms * interval '1 millisecond'
                WHERE start_time <= now() AND period_ms > 0;
            END IF;
        END $$;
        """;

    private const string Columns = "grain_id, reminder_name, start_time, period_ms, version, last_tick";

    private const string UpsertSql = """
        INSERT INTO govorleans_reminders AS r (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
        VALUES ($1, $2, $3, $4, $5, $6, 1)
        ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
        SET start_time = excluded.start_time, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash,
            version = r.version + 1, last_tick = NULL
        RETURNING version
        """;

    private const string ClaimTickSql = """
        UPDATE govorleans_reminders SET last_tick = $5
        WHERE service_id = $1 AND grain_id = $2 AND reminder_name = $3 AND version = $4
          AND (last_tick IS NULL OR last_tick < $5)
        """;

    private const string DeleteSql =
        "DELETE FROM govorleans_reminders WHERE service_id = $1 AND grain_id = $2 AND reminder_name = $3 AND version = $4";

    private readonly string _serviceId;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresReminderTable> _logger;
    private readonly AsyncOnce _initialization;

    /// <summary>Creates the table; the schema is created by <see cref="InitAsync"/> or on first use.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="logger">The logger.</param>
    public PostgresReminderTable(PostgresReminderTableOptions options, ILogger<PostgresReminderTable> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ServiceId);
        _serviceId = options.ServiceId;
        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        _logger = logger;
        _initialization = new AsyncOnce(InitializeAsync);
    }

    /// <inheritdoc />
    public Task InitAsync(CancellationToken cancellationToken) => _initialization.EnsureAsync().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId) =>
        QueryAsync($"SELECT {Columns} FROM govorleans_reminders WHERE service_id = $1 AND grain_id = $2", grainId.ToString());

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint begin, uint end)
    {
        var range = ReminderHashRange.SqlPredicate(begin, end, "grain_hash", "$2", "$3");
        return begin == end
            ? QueryAsync($"SELECT {Columns} FROM govorleans_reminders WHERE service_id = $1")
            : QueryAsync($"SELECT {Columns} FROM govorleans_reminders WHERE service_id = $1 AND {range}", (long)begin, (long)end);
    }

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM govorleans_reminders WHERE service_id = $1 AND grain_id = $2 AND reminder_name = $3",
            grainId.ToString(),
            reminderName).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<string> UpsertRowAsync(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _initialization.EnsureAsync().ConfigureAwait(false);
        await using var command = CreateCommand(
            UpsertSql,
            entry.GrainId.ToString(),
            entry.ReminderName,
            entry.StartAt.ToUniversalTime(),
            (long)entry.Period.TotalMilliseconds,
            (long)entry.GrainId.GetUniformHashCode());
        var version = (int)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
        return version.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        if (!ReminderHashRange.TryParseETag(eTag, out var version))
        {
            return false;
        }

        await _initialization.EnsureAsync().ConfigureAwait(false);
        await using var command = CreateCommand(DeleteSql, grainId.ToString(), reminderName, version);
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<bool> TryClaimTickAsync(GrainId grainId, string reminderName, string eTag, DateTimeOffset tickTime)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        if (!ReminderHashRange.TryParseETag(eTag, out var version))
        {
            return false;
        }

        await _initialization.EnsureAsync().ConfigureAwait(false);
        await using var command = CreateCommand(ClaimTickSql, grainId.ToString(), reminderName, version, tickTime.ToUniversalTime());
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false) > 0;
    }

    /// <summary>Closes the data source.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task InitializeAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(CreateSchemaSql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand(AddLastTickSql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        LogReady(_logger);
    }

    private async Task<IReadOnlyList<ReminderEntry>> QueryAsync(string sql, params object[] arguments)
    {
        await _initialization.EnsureAsync().ConfigureAwait(false);
        await using var command = CreateCommand(sql, arguments);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var rows = new List<ReminderEntry>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows.Add(new ReminderEntry(
                GrainId.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                reader.GetInt32(4).ToString(CultureInfo.InvariantCulture),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return rows;
    }

    // $1 is always the service id; the arguments follow as $2, $3, ...
    private NpgsqlCommand CreateCommand(string sql, params object[] arguments)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId });
        foreach (var argument in arguments)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = argument });
        }

        return command;
    }

    [LoggerMessage(EventId = 3120, Level = LogLevel.Information, Message = "PostgreSQL reminder table is ready")]
    private static partial void LogReady(ILogger logger);
}
