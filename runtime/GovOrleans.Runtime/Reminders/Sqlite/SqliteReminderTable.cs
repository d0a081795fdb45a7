using System.Globalization;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Runtime.Reminders.Sqlite;

/// <summary>
/// The reminder table in a SQLite file (it may be the grain storage's file). Start times are stored as Unix
/// milliseconds and hashes as non-negative integers, so range scans compare plain integers.
/// </summary>
public sealed partial class SqliteReminderTable : IReminderTable, IAsyncDisposable
{
    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS govorleans_reminders (
            service_id    TEXT    NOT NULL,
            grain_id      TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            start_time    INTEGER NOT NULL,
            period_ms     INTEGER NOT NULL,
            grain_hash    INTEGER NOT NULL,
            version       INTEGER NOT NULL,
            last_tick     INTEGER,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        );
        CREATE INDEX IF NOT EXISTS govorleans_reminders_hash_idx ON govorleans_reminders (service_id, grain_hash);
        """;

    // Tables created before ticks were claimed lack last_tick; SQLite has no ADD COLUMN IF NOT EXISTS.
    private const string HasLastTickSql = "SELECT COUNT(*) FROM pragma_table_info('govorleans_reminders') WHERE name = 'last_tick';";

    private const string Columns = "grain_id, reminder_name, start_time, period_ms, version, last_tick";

    private const string UpsertSql = """
        INSERT INTO govorleans_reminders (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
        VALUES ($service, $grain, $name, $start, $period, $hash, 1)
        ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
        SET start_time = excluded.start_time, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash,
            version = version + 1, last_tick = NULL
        RETURNING version;
        """;

    private const string ClaimTickSql = """
        UPDATE govorleans_reminders SET last_tick = $tick
        WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name AND version = $version
          AND (last_tick IS NULL OR last_tick < $tick);
        """;

    private const string DeleteSql = """
        DELETE FROM govorleans_reminders
        WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name AND version = $version;
        """;

    private readonly string _serviceId;
    private readonly SqliteDatabase _database;
    private readonly ILogger<SqliteReminderTable> _logger;
    private readonly AsyncOnce _initialization;

    // SQLite has one writer; queuing writers here keeps them from spinning on the file lock.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Creates the table; the file and schema are created by <see cref="InitAsync"/> or on first use.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="logger">The logger.</param>
    public SqliteReminderTable(SqliteReminderTableOptions options, ILogger<SqliteReminderTable> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ServiceId);
        _serviceId = options.ServiceId;
        _database = new SqliteDatabase(options.ConnectionString);
        _logger = logger;
        _initialization = new AsyncOnce(InitializeAsync);
    }

    /// <inheritdoc />
    public Task InitAsync(CancellationToken cancellationToken) => _initialization.EnsureAsync().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId) =>
        QueryAsync($"SELECT {Columns} FROM govorleans_reminders WHERE service_id = $service AND grain_id = $grain;", command =>
            command.Parameters.AddWithValue("$grain", grainId.ToString()));

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint begin, uint end)
    {
        var range = ReminderHashRange.SqlPredicate(begin, end, "grain_hash", "$begin", "$end");
        return QueryAsync($"SELECT {Columns} FROM govorleans_reminders WHERE service_id = $service AND {range};", command =>
        {
            command.Parameters.AddWithValue("$begin", (long)begin);
            command.Parameters.AddWithValue("$end", (long)end);
        });
    }

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM govorleans_reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name;",
            command =>
            {
                command.Parameters.AddWithValue("$grain", grainId.ToString());
                command.Parameters.AddWithValue("$name", reminderName);
            }).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<string> UpsertRowAsync(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var version = await WriteAsync(UpsertSql, command =>
        {
            command.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
            command.Parameters.AddWithValue("$name", entry.ReminderName);
            command.Parameters.AddWithValue("$start", entry.StartAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$period", (long)entry.Period.TotalMilliseconds);
            command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }).ConfigureAwait(false);
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

        var deleted = await WriteAsync(DeleteSql, command =>
        {
            command.Parameters.AddWithValue("$grain", grainId.ToString());
            command.Parameters.AddWithValue("$name", reminderName);
            command.Parameters.AddWithValue("$version", version);
            return command.ExecuteNonQuery();
        }).ConfigureAwait(false);
        return deleted > 0;
    }

    /// <inheritdoc />
    public async Task<bool> TryClaimTickAsync(GrainId grainId, string reminderName, string eTag, DateTimeOffset tickTime)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        if (!ReminderHashRange.TryParseETag(eTag, out var version))
        {
            return false;
        }

        var claimed = await WriteAsync(ClaimTickSql, command =>
        {
            command.Parameters.AddWithValue("$grain", grainId.ToString());
            command.Parameters.AddWithValue("$name", reminderName);
            command.Parameters.AddWithValue("$version", version);
            command.Parameters.AddWithValue("$tick", tickTime.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        }).ConfigureAwait(false);
        return claimed > 0;
    }

    /// <summary>Closes the pooled connections to the database file.</summary>
    public ValueTask DisposeAsync()
    {
        _database.ClearPool();
        _writeLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task InitializeAsync()
    {
        await using var connection = await _database.OpenAsync().ConfigureAwait(false);
        await SqliteDatabase.EnableWriteAheadLogAsync(connection).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = CreateSchemaSql;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        command.CommandText = HasLastTickSql;
        if (Convert.ToInt64(await command.ExecuteScalarAsync().ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            try
            {
                // Rows from before claims were recorded: their latest due tick was delivered then, so it counts as claimed
                // (otherwise every reminder would repeat it once after the upgrade).
                command.CommandText = """
                    ALTER TABLE govorleans_reminders ADD COLUMN last_tick INTEGER;
                    UPDATE govorleans_reminders
                    SET last_tick = start_time + ((CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - start_time) / period_ms) * period_ms
                    WHERE start_time <= CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) AND period_ms > 0;
                    """;
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
            {
                // Another process sharing the file added it first.
            }
        }

        LogReady(_logger);
    }

    private async Task<IReadOnlyList<ReminderEntry>> QueryAsync(string sql, Action<SqliteCommand> bind)
    {
        await _initialization.EnsureAsync().ConfigureAwait(false);
        await using var connection = await _database.OpenAsync().ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", _serviceId);
        bind(command);
        using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var rows = new List<ReminderEntry>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows.Add(new ReminderEntry(
                GrainId.Parse(reader.GetString(0)),
                reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                reader.GetInt32(4).ToString(CultureInfo.InvariantCulture),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return rows;
    }

    private async Task<TResult> WriteAsync<TResult>(string sql, Func<SqliteCommand, TResult> execute)
    {
        await _initialization.EnsureAsync().ConfigureAwait(false);
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await using var connection = await _database.OpenAsync().ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$service", _serviceId);
            return execute(command);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    [LoggerMessage(EventId = 3110, Level = LogLevel.Information, Message = "SQLite reminder table is ready")]
    private static partial void LogReady(ILogger logger);
}
