using System.Globalization;
using Microsoft.Data.Sqlite;

namespace GovOrleans.Runtime.Storage.Sqlite;

// The group commit: one transaction per batch on the single write connection.
public sealed partial class SqliteGrainStorage
{
    // Runs on the batcher's loop, one batch at a time: the write connection is never used concurrently.
    private Task ExecuteBatchAsync(IReadOnlyList<GrainStateWrite> batch)
    {
        var connection = _writeConnection ?? throw new InvalidOperationException("The storage is not initialized.");
        var modified = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var outcomes = new (bool Succeeded, int? Version)[batch.Count];

        // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is taken up front, never upgraded mid-transaction.
        using (var transaction = connection.BeginTransaction())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                outcomes[i] = Apply(connection, transaction, batch[i], modified);
            }

            transaction.Commit();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Succeeded)
            {
                batch[i].Succeed(outcomes[i].Version);
            }
            else
            {
                batch[i].Conflict(outcomes[i].Version);
            }
        }

        return Task.CompletedTask;
    }

    /// <returns>On success the new version; on conflict the stored version.</returns>
    private (bool Succeeded, int? Version) Apply(SqliteConnection connection, SqliteTransaction transaction, GrainStateWrite write, string modified)
    {
        if (write.ExpectedVersion is null && write.IsClear)
        {
            var stored = SelectVersion(connection, transaction, write);
            return (stored is null, stored);
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = write.ExpectedVersion is null ? SqliteGrainStateSql.Insert : SqliteGrainStateSql.Update;
        AddRowParameters(command, write.GrainId, write.StateName);
        command.Parameters.AddWithValue("$payload", (object?)write.Payload ?? DBNull.Value);
        command.Parameters.AddWithValue("$modified", modified);
        if (write.ExpectedVersion is { } expected)
        {
            command.Parameters.AddWithValue("$expected", expected);
        }

        var result = command.ExecuteScalar();
        return result is null or DBNull
            ? (false, SelectVersion(connection, transaction, write))
            : (true, Convert.ToInt32(result, CultureInfo.InvariantCulture));
    }

    private int? SelectVersion(SqliteConnection connection, SqliteTransaction transaction, GrainStateWrite write)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqliteGrainStateSql.SelectVersion;
        AddRowParameters(command, write.GrainId, write.StateName);
        var result = command.ExecuteScalar();
        return result is null or DBNull ? null : Convert.ToInt32(result, CultureInfo.InvariantCulture);
    }
}
