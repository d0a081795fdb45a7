using System.Text;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.Grains.Common;

namespace GovOrleans.Grains.Cases.Index;

/// <summary>The SQL both database indexes share: columns, filters and the ordering whitelist.</summary>
internal static class CaseIndexSql
{
    public const string Table = "govorleans_case_index";

    /// <summary>The columns a search reads, in the order the readers expect.</summary>
    public const string Columns =
        "case_id, case_type, citizen_id, department, status, citizen_status_title, assigned_to, submitted_at, due_at, breached, closed, version";

    /// <summary>The columns an upsert writes: <see cref="Columns"/>, the level (<see cref="Confidentiality"/> as an integer) and the update time.</summary>
    public const string InsertColumns = Columns + ", confidentiality, updated_at";

    /// <summary>
    /// The column added after the first release; a table created before it gets it on start with <see cref="UnknownLevel"/>
    /// for the rows it already has.
    /// </summary>
    public const string ConfidentialityColumn = "confidentiality";

    /// <summary>The level of rows indexed by a release that did not store it: unknown, so treated as parties-only (fail closed).</summary>
    public const int UnknownLevel = -1;

    /// <summary>The stored form of a level; an event without one (an older silo's) stores <see cref="UnknownLevel"/>.</summary>
    public static int LevelOf(Confidentiality? level) => level is { } known ? (int)known : UnknownLevel;

    public static readonly string[] Indexes =
    [
        $"CREATE INDEX IF NOT EXISTS ix_{Table}_citizen ON {Table} (citizen_id, submitted_at)",
        $"CREATE INDEX IF NOT EXISTS ix_{Table}_department_status ON {Table} (department, status)",
        $"CREATE INDEX IF NOT EXISTS ix_{Table}_department_due ON {Table} (department, due_at)",
    ];

    public const string UpsertTail =
        " ON CONFLICT (case_id) DO UPDATE SET citizen_id = excluded.citizen_id, department = excluded.department, case_type = excluded.case_type,"
        + " status = excluded.status, citizen_status_title = excluded.citizen_status_title, assigned_to = excluded.assigned_to,"
        + " submitted_at = excluded.submitted_at, due_at = excluded.due_at, breached = excluded.breached, closed = excluded.closed,"
        + " version = excluded.version, confidentiality = excluded.confidentiality, updated_at = excluded.updated_at"
        + $" WHERE {Table}.version < excluded.version";

    /// <summary>Maps an ordering from the whitelist to its ORDER BY clause (case id breaks ties so pages are stable).</summary>
    public static string OrderBy(string ordering)
    {
        var descending = ordering.StartsWith('-');
        var column = (descending ? ordering[1..] : ordering) switch
        {
            "dueAt" => "due_at",
            "status" => "status",
            _ => "submitted_at",
        };
        var direction = descending ? "DESC" : "ASC";
        return $" ORDER BY {column} {direction}, case_id {direction}";
    }

    /// <summary>
    /// The WHERE clause for a query and its parameters; <paramref name="timestamp"/> and <paramref name="flag"/> convert to
    /// the database's types. <paramref name="visibility"/> hides the parties-only cases the caller is not a party of.
    /// </summary>
    public static string Where(
        CaseQuery query, CaseVisibility visibility, List<(string Name, object Value)> parameters, Func<DateTimeOffset, object> timestamp, Func<bool, object> flag)
    {
        var sql = new StringBuilder(" WHERE 1 = 1");
        string Parameter(object value)
        {
            var name = $"@p{parameters.Count}";
            parameters.Add((name, value));
            return name;
        }

        void Add(string column, string op, object? value)
        {
            if (value is not null)
            {
                sql.Append($" AND {column} {op} {Parameter(value)}");
            }
        }

        Add("citizen_id", "=", query.CitizenId);
        Add("department", "=", query.Department);
        Add("status", "=", query.Status);
        Add("case_type", "=", query.CaseTypeCode);
        Add("assigned_to", "=", query.AssignedTo);
        Add("breached", "=", query.DeadlineBreached is { } breached ? flag(breached) : null);
        Add("closed", "=", query.Closed is { } closed ? flag(closed) : null);
        Add("submitted_at", ">=", query.SubmittedFrom is { } from ? timestamp(from) : null);
        Add("submitted_at", "<", query.SubmittedTo is { } to ? timestamp(to) : null);

        // Rows below the parties-only level pass; above it, only rows the caller is a party of (see CaseVisibility).
        // Rows indexed before the level was (UnknownLevel) count as parties-only until their case's next event rewrites them.
        sql.Append($" AND (({ConfidentialityColumn} >= 0 AND {ConfidentialityColumn} < {Parameter((int)CaseConfidentiality.PartiesOnlyFrom)})");
        if (visibility.CitizenId is { } citizen)
        {
            sql.Append($" OR citizen_id = {Parameter(citizen)}");
        }

        if (visibility.AdminDepartment is { } department)
        {
            sql.Append($" OR department = {Parameter(department)}");
        }

        if (visibility is { CaseworkerDepartment: { } own, Assignee: { } assignee })
        {
            sql.Append($" OR (department = {Parameter(own)} AND assigned_to = {Parameter(assignee)})");
        }

        return sql.Append(')').ToString();
    }
}
