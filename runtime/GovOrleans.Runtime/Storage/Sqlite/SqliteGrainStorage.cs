using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Runtime.Storage.Sqlite;

/// <summary>
/// The embedded default grain storage: one SQLite file in WAL mode. SQLite admits one writer at a time, so every
/// write goes through one connection and one queue, and whatever queued up meanwhile commits as one transaction.
/// Reads use their own pooled connections and never wait for the writer.
/// </summary>
public sealed partial class SqliteGrainStorage : IGrainStorage, IAsyncDisposable
{
    private readonly string _name;
    private readonly string _serviceId;
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private readonly GrainStateAccess _access;
    private SqliteConnection? _writeConnection;

    /// <summary>Creates the provider; the file and table are created on first use.</summary>
    /// <param name="name">The registered provider name, used in logs.</param>
    /// <param name="options">The validated options.</param>
    /// <param name="timeProvider">The clock for the modification time of rows.</param>
    /// <param name="logger">The logger.</param>
    public SqliteGrainStorage(string name, SqliteStorageOptions options, TimeProvider timeProvider, ILogger<SqliteGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ServiceId);
        _name = name;
        _serviceId = options.ServiceId;
        _database = new SqliteDatabase(options.ConnectionString);
        _timeProvider = timeProvider;
        _logger = logger;
        _access = new GrainStateAccess(new AsyncOnce(InitializeAsync), new GrainStateWriteBatcher(ExecuteBatchAsync, options.MaxBatchSize, maxConcurrentBatches: 1, name, logger));
    }

    internal GrainStateWriteBatcher Writer => _access.Writer;

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _access.ReadAsync(stateName, grainId, grainState, ReadRowAsync);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _access.WriteAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _access.ClearAsync(stateName, grainId, grainState);

    /// <summary>Commits every queued write, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync().ConfigureAwait(false);
        if (_writeConnection is not null)
        {
            await _writeConnection.DisposeAsync().ConfigureAwait(false);
        }

        _database.ClearPool();
    }

    private async Task<(byte[]? Payload, int? Version)> ReadRowAsync(string stateName, GrainId grainId)
    {
        await using var connection = await _database.OpenAsync().ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = SqliteGrainStateSql.Read;
        AddRowParameters(command, grainId, stateName);
        using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false)
            ? (reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0), reader.GetInt32(1))
            : (null, null);
    }

    private async Task InitializeAsync()
    {
        var connection = await _database.OpenAsync().ConfigureAwait(false);
        try
        {
            await SqliteDatabase.EnableWriteAheadLogAsync(connection).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = SqliteGrainStateSql.CreateTable;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _writeConnection = connection;
        LogReady(_logger, _name);
    }

    private void AddRowParameters(SqliteCommand command, GrainId grainId, string stateName)
    {
        command.Parameters.AddWithValue("$service", _serviceId);
        command.Parameters.AddWithValue("$type", grainId.Type.Value);
        command.Parameters.AddWithValue("$key", grainId.Key);
        command.Parameters.AddWithValue("$state", stateName);
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "SQLite grain storage {StorageName} is ready")]
    private static partial void LogReady(ILogger logger, string storageName);
}
