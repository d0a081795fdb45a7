using System.Collections.Immutable;
using System.Data.Common;
using GovOrleans.GrainInterfaces.Cases;
using Microsoft.Data.Sqlite;

namespace GovOrleans.Grains.Cases.Index;

/// <summary>
/// The case index in SQLite (the co-hosted default); timestamps are stored as UTC ticks, flags as 0/1. The table is
/// created on first use, and a table of an earlier release gets the columns added since.
/// </summary>
internal sealed class SqliteCaseIndex : ICaseIndex
{
    private const int BusyTimeoutMilliseconds = 30_000;

    private readonly string _connectionString;
    private readonly Lock _lock = new();
    private Task? _initialized;

    public SqliteCaseIndex(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:"
            && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            && Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = builder.ToString();
    }

    public async Task UpsertAsync(CaseEvent caseEvent, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"INSERT INTO {CaseIndexSql.Table} ({CaseIndexSql.InsertColumns})"
            + " VALUES (@id, @type, @citizen, @department, @status, @title, @assigned, @submitted, @due, @breached, @closed, @version, @level, @updated)"
            + CaseIndexSql.UpsertTail;
        command.Parameters.AddWithValue("@id", caseEvent.CaseId);
        command.Parameters.AddWithValue("@type", caseEvent.CaseTypeCode);
        command.Parameters.AddWithValue("@citizen", caseEvent.CitizenId);
        command.Parameters.AddWithValue("@department", caseEvent.Department);
        command.Parameters.AddWithValue("@status", caseEvent.Status);
        command.Parameters.AddWithValue("@title", caseEvent.CitizenStatusTitle);
        command.Parameters.AddWithValue("@assigned", (object?)caseEvent.AssignedTo ?? DBNull.Value);
        command.Parameters.AddWithValue("@submitted", caseEvent.SubmittedAt.UtcTicks);
        command.Parameters.AddWithValue("@due", caseEvent.DueAt.UtcTicks);
        command.Parameters.AddWithValue("@breached", caseEvent.DeadlineBreached ? 1 : 0);
        command.Parameters.AddWithValue("@closed", caseEvent.Closed ? 1 : 0);
        command.Parameters.AddWithValue("@version", caseEvent.Version);
        command.Parameters.AddWithValue("@level", CaseIndexSql.LevelOf(caseEvent.Confidentiality));
        command.Parameters.AddWithValue("@updated", caseEvent.At.UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<CasePage> QueryAsync(CaseQuery query, CaseVisibility visibility, CancellationToken cancellationToken)
    {
        var parameters = new List<(string Name, object Value)>();
        var where = CaseIndexSql.Where(query, visibility, parameters, t => t.UtcTicks, f => f ? 1 : 0);
        await using var connection = await OpenAsync(cancellationToken);
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM {CaseIndexSql.Table}{where}";
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {CaseIndexSql.Columns} FROM {CaseIndexSql.Table}{where}{CaseIndexSql.OrderBy(query.Ordering)} LIMIT @limit OFFSET @offset";
        foreach (var (name, value) in parameters)
        {
            count.Parameters.AddWithValue(name, value);
            select.Parameters.AddWithValue(name, value);
        }

        select.Parameters.AddWithValue("@limit", query.PageSize);
        select.Parameters.AddWithValue("@offset", (long)(query.Page - 1) * query.PageSize);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        var items = ImmutableArray.CreateBuilder<CaseSummary>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return new CasePage(items.ToImmutable(), query.Page, query.PageSize, total);
    }

    private static CaseSummary Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6),
        new DateTimeOffset(r.GetInt64(7), TimeSpan.Zero), new DateTimeOffset(r.GetInt64(8), TimeSpan.Zero), r.GetInt64(9) != 0, r.GetInt64(10) != 0,
        r.GetInt32(11));

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Task initialized;
        lock (_lock)
        {
            if (_initialized is null || _initialized.IsFaulted || _initialized.IsCanceled)
            {
                _initialized = CreateTableAsync();
            }

            initialized = _initialized;
        }

        await initialized;
        return await ConnectAsync(cancellationToken);
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task CreateTableAsync()
    {
        await using var connection = await ConnectAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "PRAGMA journal_mode = WAL;"
            + $" CREATE TABLE IF NOT EXISTS {CaseIndexSql.Table} (case_id TEXT NOT NULL PRIMARY KEY, citizen_id TEXT NOT NULL,"
            + " department TEXT NOT NULL, case_type TEXT NOT NULL, status TEXT NOT NULL, citizen_status_title TEXT NOT NULL,"
            + " assigned_to TEXT NULL, submitted_at INTEGER NOT NULL, due_at INTEGER NOT NULL, breached INTEGER NOT NULL,"
            + $" closed INTEGER NOT NULL, version INTEGER NOT NULL, {CaseIndexSql.ConfidentialityColumn} INTEGER NOT NULL DEFAULT {CaseIndexSql.UnknownLevel},"
            + " updated_at INTEGER NOT NULL);"
            + string.Concat(CaseIndexSql.Indexes.Select(i => $" {i};"));
        await command.ExecuteNonQueryAsync();
        await AddConfidentialityColumnAsync(connection);
    }

    /// <summary>
    /// Adds the confidentiality column to a table of an earlier release. SQLite has no ADD COLUMN IF NOT EXISTS, so the
    /// table is inspected first; another process may add the column between the check and the change, which is fine.
    /// </summary>
    private static async Task AddConfidentialityColumnAsync(SqliteConnection connection)
    {
        await using var check = connection.CreateCommand();
        check.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{CaseIndexSql.Table}') WHERE name = '{CaseIndexSql.ConfidentialityColumn}'";
        if ((long)(await check.ExecuteScalarAsync())! > 0)
        {
            return;
        }

        await using var alter = connection.CreateCommand();
        alter.CommandText = $"ALTER TABLE {CaseIndexSql.Table} ADD COLUMN {CaseIndexSql.ConfidentialityColumn} INTEGER NOT NULL DEFAULT {CaseIndexSql.UnknownLevel}";
        try
        {
            await alter.ExecuteNonQueryAsync();
        }
        catch (SqliteException ex) when (ex.Message.Contains("duplicate column name", StringComparison.OrdinalIgnoreCase))
        {
            // Another process migrated the table after the check.
        }
    }
}
