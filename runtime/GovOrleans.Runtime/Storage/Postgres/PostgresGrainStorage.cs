using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GovOrleans.Runtime.Storage.Postgres;

/// <summary>
/// Grain storage in PostgreSQL with the state as queryable JSONB. Writes are group-committed: concurrent writes
/// queue up and commit together as one batch in one transaction, each caller getting its own result after the
/// commit. Reads go straight to the database.
/// </summary>
public sealed partial class PostgresGrainStorage : IGrainStorage, IAsyncDisposable
{
    private readonly string _name;
    private readonly string _serviceId;
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PostgresGrainStorage> _logger;
    private readonly GrainStateAccess _access;
    private readonly bool _createPayloadIndex;

    /// <summary>Creates the provider; the table is created on first use.</summary>
    /// <param name="name">The registered provider name, used in logs.</param>
    /// <param name="options">The validated options.</param>
    /// <param name="timeProvider">The clock for the modification time of rows.</param>
    /// <param name="logger">The logger.</param>
    public PostgresGrainStorage(string name, PostgresStorageOptions options, TimeProvider timeProvider, ILogger<PostgresGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ServiceId);
        _name = name;
        _serviceId = options.ServiceId;
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (options.PrepareStatements && builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 16;
        }

        _dataSource = builder.Build();
        _createPayloadIndex = options.CreatePayloadIndex;
        _timeProvider = timeProvider;
        _logger = logger;
        _access = new GrainStateAccess(new AsyncOnce(InitializeAsync), new GrainStateWriteBatcher(ExecuteBatchAsync, options.MaxBatchSize, options.MaxConcurrentBatches, name, logger));
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

    /// <summary>Commits every queued write, then closes the data source.</summary>
    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<(byte[]? Payload, int? Version)> ReadRowAsync(string stateName, GrainId grainId)
    {
        await using var command = _dataSource.CreateCommand(PostgresGrainStateSql.Read);
        AddRowParameters(command.Parameters, grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false)
            ? (reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0), reader.GetInt32(1))
            : (null, null);
    }

    private async Task InitializeAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(PostgresGrainStateSql.CreateSchema, connection, transaction))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        if (_createPayloadIndex)
        {
            await using var index = new NpgsqlCommand(PostgresGrainStateSql.CreatePayloadIndex, connection, transaction);
            await index.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        LogReady(_logger, _name);
    }

    private void AddRowParameters(NpgsqlParameterCollection parameters, GrainId grainId, string stateName)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type.Value });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "PostgreSQL grain storage {StorageName} is ready")]
    private static partial void LogReady(ILogger logger, string storageName);
}
