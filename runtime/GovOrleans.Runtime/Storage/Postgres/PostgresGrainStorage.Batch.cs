using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace GovOrleans.Runtime.Storage.Postgres;

// The group commit: one NpgsqlBatch in one transaction per batch, up to MaxConcurrentBatches at once.
public sealed partial class PostgresGrainStorage
{
    private static readonly Comparer<GrainStateWrite> RowOrder = Comparer<GrainStateWrite>.Create(GrainStateWrite.CompareRows);

    private async Task ExecuteBatchAsync(IReadOnlyList<GrainStateWrite> batch)
    {
        try
        {
            await CommitAsync(batch).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (batch.Count > 1 && IsRefusedValue(exception))
        {
            // The transaction rolled back, so nothing is committed yet. Commit the writes one by one, so that the
            // one payload the database refuses (say, a \u0000 in a string, which jsonb cannot hold) fails alone.
            LogRefusedValue(_logger, exception, _name, batch.Count);
            foreach (var write in batch)
            {
                try
                {
                    await CommitAsync([write]).ConfigureAwait(false);
                }
                catch (Exception single)
                {
                    write.Completion.TrySetException(single);
                }
            }
        }
    }

    private async Task CommitAsync(IReadOnlyList<GrainStateWrite> batch)
    {
        // Every batch takes its row locks in the same order, so two batches in flight cannot deadlock. The sort is
        // stable: two writes to one row keep their order, and the second fails its version check.
        var ordered = batch.Count == 1 ? batch : batch.Order(RowOrder).ToArray();
        var modifiedOn = _timeProvider.GetUtcNow();
        var outcomes = new (int? NewVersion, int? StoredVersion)[ordered.Count];

        await using (var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false))
        {
            // One statement is atomic by itself; a batch needs the transaction to be all-or-nothing.
            await using var transaction = ordered.Count == 1 ? null : await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (var npgsqlBatch = new NpgsqlBatch(connection, transaction))
            {
                foreach (var write in ordered)
                {
                    npgsqlBatch.BatchCommands.Add(CreateCommand(write, modifiedOn));
                }

                await using var reader = await npgsqlBatch.ExecuteReaderAsync().ConfigureAwait(false);
                for (var i = 0; i < ordered.Count; i++)
                {
                    if (i > 0)
                    {
                        await reader.NextResultAsync().ConfigureAwait(false);
                    }

                    if (!await reader.ReadAsync().ConfigureAwait(false))
                    {
                        throw new InvalidOperationException("A grain state statement returned no row.");
                    }

                    outcomes[i] = (reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt32(1));
                }
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync().ConfigureAwait(false);
            }
        }

        for (var i = 0; i < ordered.Count; i++)
        {
            Complete(ordered[i], outcomes[i].NewVersion, outcomes[i].StoredVersion);
        }
    }

    private static void Complete(GrainStateWrite write, int? newVersion, int? storedVersion)
    {
        if (write.ExpectedVersion is null && write.IsClear)
        {
            if (storedVersion is null)
            {
                write.Succeed(null);
            }
            else
            {
                write.Conflict(storedVersion);
            }
        }
        else if (newVersion is not null)
        {
            write.Succeed(newVersion);
        }
        else
        {
            // The stored version is read from the statement's snapshot; a writer that committed while this one waited
            // for the row lock is not in it, so "stored" equal to "expected" only means "changed meanwhile".
            write.Conflict(storedVersion == write.ExpectedVersion ? null : storedVersion);
        }
    }

    private NpgsqlBatchCommand CreateCommand(GrainStateWrite write, DateTimeOffset modifiedOn)
    {
        var command = new NpgsqlBatchCommand();
        AddRowParameters(command.Parameters, write.GrainId, write.StateName);
        if (write.ExpectedVersion is null && write.IsClear)
        {
            command.CommandText = PostgresGrainStateSql.CheckAbsent;
            return command;
        }

        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)write.Payload ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = modifiedOn });
        if (write.ExpectedVersion is { } expected)
        {
            command.CommandText = PostgresGrainStateSql.Update;
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = expected });
        }
        else
        {
            command.CommandText = PostgresGrainStateSql.Insert;
        }

        return command;
    }

    // Class 22 (data exception) and 54 (program limit, e.g. an oversized value) come from one statement's values:
    // deterministic, raised before the commit, and retrying the same value alone fails the same way.
    private static bool IsRefusedValue(PostgresException exception) =>
        exception.SqlState.StartsWith("22", StringComparison.Ordinal) || exception.SqlState.StartsWith("54", StringComparison.Ordinal);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "PostgreSQL grain storage {StorageName} refused a value in a batch of {Count} writes; committing them one by one")]
    private static partial void LogRefusedValue(ILogger logger, Exception exception, string storageName, int count);
}
