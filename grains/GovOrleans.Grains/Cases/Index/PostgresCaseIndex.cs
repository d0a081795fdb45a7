using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Cases;
using Npgsql;

namespace GovOrleans.Grains.Cases.Index;

/// <summary>
/// The case index in PostgreSQL. The table is created on first use, and a table of an earlier release gets the columns
/// added since, under an advisory lock so that silos starting together do not race.
/// </summary>
internal sealed class PostgresCaseIndex(string connectionString) : ICaseIndex, IAsyncDisposable
{
    private const long SchemaLockKey = 0x476F_764F_4349_4458; // "GovOCIDX"

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);
    private readonly Lock _lock = new();
    private Task? _initialized;

    public async Task UpsertAsync(CaseEvent caseEvent, CancellationToken cancellationToken)
    {
        await EnsureTableAsync();
        await using var command = _dataSource.CreateCommand(
            $"INSERT INTO {CaseIndexSql.Table} ({CaseIndexSql.InsertColumns})"
            + " VALUES (@id, @type, @citizen, @department, @status, @title, @assigned, @submitted, @due, @breached, @closed, @version, @level, @updated)"
            + CaseIndexSql.UpsertTail);
        command.Parameters.AddWithValue("id", caseEvent.CaseId);
        command.Parameters.AddWithValue("type", caseEvent.CaseTypeCode);
        command.Parameters.AddWithValue("citizen", caseEvent.CitizenId);
        command.Parameters.AddWithValue("department", caseEvent.Department);
        command.Parameters.AddWithValue("status", caseEvent.Status);
        command.Parameters.AddWithValue("title", caseEvent.CitizenStatusTitle);
        command.Parameters.AddWithValue("assigned", NpgsqlTypes.NpgsqlDbType.Text, (object?)caseEvent.AssignedTo ?? DBNull.Value);
        command.Parameters.AddWithValue("submitted", caseEvent.SubmittedAt.ToUniversalTime());
        command.Parameters.AddWithValue("due", caseEvent.DueAt.ToUniversalTime());
        command.Parameters.AddWithValue("breached", caseEvent.DeadlineBreached);
        command.Parameters.AddWithValue("closed", caseEvent.Closed);
        command.Parameters.AddWithValue("version", caseEvent.Version);
        command.Parameters.AddWithValue("level", CaseIndexSql.LevelOf(caseEvent.Confidentiality));
        command.Parameters.AddWithValue("updated", caseEvent.At.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<CasePage> QueryAsync(CaseQuery query, CaseVisibility visibility, CancellationToken cancellationToken)
    {
        await EnsureTableAsync();
        var parameters = new List<(string Name, object Value)>();
        var where = CaseIndexSql.Where(query, visibility, parameters, t => t.ToUniversalTime(), f => f);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM {CaseIndexSql.Table}{where}", connection);
        await using var select = new NpgsqlCommand(
            $"SELECT {CaseIndexSql.Columns} FROM {CaseIndexSql.Table}{where}{CaseIndexSql.OrderBy(query.Ordering)} LIMIT @limit OFFSET @offset",
            connection);
        foreach (var (name, value) in parameters)
        {
            count.Parameters.AddWithValue(name[1..], value);
            select.Parameters.AddWithValue(name[1..], value);
        }

        select.Parameters.AddWithValue("limit", query.PageSize);
        select.Parameters.AddWithValue("offset", (long)(query.Page - 1) * query.PageSize);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var items = ImmutableArray.CreateBuilder<CaseSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new CaseSummary(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetBoolean(9), reader.GetBoolean(10), reader.GetInt32(11)));
        }

        return new CasePage(items.ToImmutable(), query.Page, query.PageSize, total);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private Task EnsureTableAsync()
    {
        lock (_lock)
        {
            if (_initialized is null || _initialized.IsFaulted || _initialized.IsCanceled)
            {
                _initialized = CreateTableAsync();
            }

            return _initialized;
        }
    }

    private async Task CreateTableAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey})", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        var ddl = $"CREATE TABLE IF NOT EXISTS {CaseIndexSql.Table} (case_id text PRIMARY KEY, citizen_id text NOT NULL,"
            + " department text NOT NULL, case_type text NOT NULL, status text NOT NULL, citizen_status_title text NOT NULL,"
            + " assigned_to text NULL, submitted_at timestamptz NOT NULL, due_at timestamptz NOT NULL, breached boolean NOT NULL,"
            + $" closed boolean NOT NULL, version integer NOT NULL, {CaseIndexSql.ConfidentialityColumn} integer NOT NULL DEFAULT {CaseIndexSql.UnknownLevel},"
            + " updated_at timestamptz NOT NULL);"
            + $" ALTER TABLE {CaseIndexSql.Table} ADD COLUMN IF NOT EXISTS {CaseIndexSql.ConfidentialityColumn} integer NOT NULL DEFAULT {CaseIndexSql.UnknownLevel};"
            + string.Concat(CaseIndexSql.Indexes.Select(i => $" {i};"));
        await using (var command = new NpgsqlCommand(ddl, connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
