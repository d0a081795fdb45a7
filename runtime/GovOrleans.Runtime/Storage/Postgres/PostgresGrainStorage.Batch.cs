using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace GovOrleans.Runtime.Storage.Postgres;

// The group commit: one transaction per batch, written with set-based statements, up to MaxConcurrentBatches at once.
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
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CommitOnceAsync(batch).ConfigureAwait(false);
                return;
            }
            catch (PostgresException exception) when (attempt < 3 && exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // Only duplicate activations write the same rows from two batches at once; the loser was rolled
                // back whole, so running it again is safe and its version checks decide as before.
                LogBatchRetried(_logger, _name, exception.SqlState);
            }
        }
    }

    private async Task CommitOnceAsync(IReadOnlyList<GrainStateWrite> batch)
    {
        var modifiedOn = _timeProvider.GetUtcNow();
        var outcomes = new (int? NewVersion, int? StoredVersion)[batch.Count];

        await using (var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false))
        {
            // One statement is atomic by itself; several need the transaction to be all-or-nothing.
            await using var transaction = batch.Count == 1 ? null : await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (var npgsqlBatch = new NpgsqlBatch(connection, transaction))
            {
                // Set-based statements: the server parses and plans once per batch instead of once per row, which is
                // where a batch of single-row statements spends its time.
                foreach (var round in Rounds(batch))
                {
                    var updates = round.Where(i => batch[i].ExpectedVersion is not null).ToList();
                    var inserts = round.Where(i => batch[i].ExpectedVersion is null && !batch[i].IsClear).ToList();
                    if (updates.Count > 0)
                    {
                        npgsqlBatch.BatchCommands.Add(CreateManyCommand(PostgresGrainStateSql.UpdateMany, batch, updates, modifiedOn, withExpected: true));
                    }

                    if (inserts.Count > 0)
                    {
                        npgsqlBatch.BatchCommands.Add(CreateManyCommand(PostgresGrainStateSql.InsertMany, batch, inserts, modifiedOn, withExpected: false));
                    }

                    foreach (var i in round.Where(i => batch[i].ExpectedVersion is null && batch[i].IsClear))
                    {
                        var check = new NpgsqlBatchCommand(PostgresGrainStateSql.CheckAbsent);
                        AddRowParameters(check.Parameters, batch[i].GrainId, batch[i].StateName);
                        check.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i });
                        npgsqlBatch.BatchCommands.Add(check);
                    }
                }

                await using var reader = await npgsqlBatch.ExecuteReaderAsync().ConfigureAwait(false);
                var seen = 0;
                do
                {
                    while (await reader.ReadAsync().ConfigureAwait(false))
                    {
                        var ordinal = reader.GetInt32(0);
                        outcomes[ordinal] = (reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetInt32(2));
                        seen++;
                    }
                }
                while (await reader.NextResultAsync().ConfigureAwait(false));

                if (seen != batch.Count)
                {
                    throw new InvalidOperationException($"A grain state batch of {batch.Count} writes returned {seen} outcomes.");
                }
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync().ConfigureAwait(false);
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            Complete(batch[i], outcomes[i].NewVersion, outcomes[i].StoredVersion);
        }
    }

    /// <summary>
    /// Splits a batch into rounds in which every row appears once: the n-th write to a row goes to round n, so two
    /// writes to one row run in order and the second meets the first's new version.
    /// </summary>
    private static List<List<int>> Rounds(IReadOnlyList<GrainStateWrite> batch)
    {
        var rounds = new List<List<int>> { new(batch.Count) };
        if (batch.Count == 1)
        {
            rounds[0].Add(0);
            return rounds;
        }

        var occurrences = new Dictionary<(string, string, string), int>(batch.Count);
        var order = Enumerable.Range(0, batch.Count).Order(Comparer<int>.Create((a, b) => RowOrder.Compare(batch[a], batch[b])));
        foreach (var i in order)
        {
            var key = (batch[i].GrainId.Type.Value, batch[i].GrainId.Key, batch[i].StateName);
            occurrences.TryGetValue(key, out var round);
            occurrences[key] = round + 1;
            while (rounds.Count <= round)
            {
                rounds.Add([]);
            }

            rounds[round].Add(i);
        }

        return rounds;
    }

    private NpgsqlBatchCommand CreateManyCommand(
        string sql, IReadOnlyList<GrainStateWrite> batch, List<int> indexes, DateTimeOffset modifiedOn, bool withExpected)
    {
        var types = new string[indexes.Count];
        var keys = new string[indexes.Count];
        var states = new string[indexes.Count];
        var payloads = new string?[indexes.Count];
        var expected = new int[indexes.Count];
        for (var n = 0; n < indexes.Count; n++)
        {
            var write = batch[indexes[n]];
            types[n] = write.GrainId.Type.Value;
            keys[n] = write.GrainId.Key;
            states[n] = write.StateName;
            payloads[n] = write.Payload is null ? null : Encoding.UTF8.GetString(write.Payload);
            expected[n] = write.ExpectedVersion ?? 0;
        }

        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = modifiedOn });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = states });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb, Value = payloads });
        if (withExpected)
        {
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = expected });
        }

        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = indexes.ToArray() });
        return command;
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

    // Class 22 (data exception) and 54 (program limit, e.g. an oversized value) come from one statement's values:
    // deterministic, raised before the commit, and retrying the same value alone fails the same way.
    private static bool IsRefusedValue(PostgresException exception) =>
        exception.SqlState.StartsWith("22", StringComparison.Ordinal) || exception.SqlState.StartsWith("54", StringComparison.Ordinal);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "PostgreSQL grain storage {StorageName} retried a batch after {SqlState}")]
    private static partial void LogBatchRetried(ILogger logger, string storageName, string sqlState);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "PostgreSQL grain storage {StorageName} refused a value in a batch of {Count} writes; committing them one by one")]
    private static partial void LogRefusedValue(ILogger logger, Exception exception, string storageName, int count);
}
