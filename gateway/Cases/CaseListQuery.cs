using System.Collections.Frozen;
using System.Globalization;
using GovOrleans.Gateway.Common;
using GovOrleans.GrainInterfaces.Cases;

namespace GovOrleans.Gateway.Cases;

/// <summary>Parses the query string of <c>GET /api/v1/cases</c> into a <see cref="CaseQuery"/> and a field selection.</summary>
internal static class CaseListQuery
{
    public const int MaxPageSize = 100;

    private static readonly FrozenSet<string> s_orderings = FrozenSet.Create(StringComparer.Ordinal, "submittedAt", "dueAt", "status");

    /// <summary>The selectable fields of a case summary (camelCase, as serialized).</summary>
    public static readonly FrozenDictionary<string, Func<CaseSummary, object?>> Fields = new Dictionary<string, Func<CaseSummary, object?>>
    {
        ["id"] = s => s.Id,
        ["caseTypeCode"] = s => s.CaseTypeCode,
        ["citizenId"] = s => s.CitizenId,
        ["department"] = s => s.Department,
        ["status"] = s => s.Status,
        ["citizenStatusTitle"] = s => s.CitizenStatusTitle,
        ["assignedTo"] = s => s.AssignedTo,
        ["submittedAt"] = s => s.SubmittedAt,
        ["dueAt"] = s => s.DueAt,
        ["deadlineBreached"] = s => s.DeadlineBreached,
        ["closed"] = s => s.Closed,
        ["version"] = s => s.Version,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Parses <paramref name="query"/>, restricted to <paramref name="citizenId"/> when given; every invalid parameter
    /// is reported in <paramref name="errors"/>. <paramref name="fields"/> is the requested field selection in request
    /// order, or null for the whole summary.
    /// </summary>
    public static CaseQuery Parse(IQueryCollection query, string? citizenId, Dictionary<string, string[]> errors, out IReadOnlyList<string>? fields)
    {
        var status = Code(query, "status", errors);
        var department = Code(query, "department", errors);
        var caseType = Code(query, "caseType", errors);
        var assignedTo = Single(query, "assignedTo", errors);
        if (assignedTo is not null && !RouteKeys.IsSubject(assignedTo))
        {
            errors["assignedTo"] = ["Not a user id."];
        }

        var breached = Bool(query, "breached", errors);
        var closed = Bool(query, "closed", errors);
        var from = Date(query, "submittedFrom", errors);
        var to = Date(query, "submittedTo", errors);
        var page = Int(query, "page", 1, 1, 1_000_000, errors);
        var pageSize = Int(query, "pageSize", 20, 1, MaxPageSize, errors);
        var ordering = Single(query, "ordering", errors) ?? "-submittedAt";
        if (!s_orderings.Contains(ordering.StartsWith('-') ? ordering[1..] : ordering))
        {
            errors["ordering"] = ["Use submittedAt, dueAt or status, optionally prefixed with '-'."];
        }

        fields = null;
        if (Single(query, "fields", errors) is { } list)
        {
            var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            var unknown = names.Where(n => !Fields.ContainsKey(n)).ToList();
            if (names.Count == 0 || unknown.Count > 0)
            {
                errors["fields"] = ["Unknown or empty field selection; choose from " + string.Join(", ", Fields.Keys.Order(StringComparer.Ordinal)) + "."];
            }

            fields = names;
        }

        return new CaseQuery(citizenId, department, status, caseType, assignedTo, breached, closed, from, to, ordering, page, pageSize);
    }

    /// <summary>Projects a summary onto the selected fields.</summary>
    public static Dictionary<string, object?> Project(CaseSummary summary, IReadOnlyList<string> fields) =>
        fields.ToDictionary(f => f, f => Fields[f](summary), StringComparer.Ordinal);

    private static string? Single(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count != 1 || string.IsNullOrEmpty(values[0]) || values[0]!.Length > 512)
        {
            errors[name] = ["Give one value."];
            return null;
        }

        return values[0];
    }

    private static string? Code(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var value = Single(query, name, errors);
        if (value is not null && !RouteKeys.IsCode(value))
        {
            errors[name] = ["Not a valid code."];
            return null;
        }

        return value;
    }

    private static bool? Bool(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var value = Single(query, name, errors);
        if (value is null)
        {
            return null;
        }

        if (bool.TryParse(value, out var result))
        {
            return result;
        }

        errors[name] = ["Use true or false."];
        return null;
    }

    private static DateTimeOffset? Date(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var value = Single(query, name, errors);
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var result))
        {
            return result;
        }

        errors[name] = ["Use an ISO 8601 date or date-time."];
        return null;
    }

    private static int Int(IQueryCollection query, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        var value = Single(query, name, errors);
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var result) && result >= min && result <= max)
        {
            return result;
        }

        errors[name] = [$"Use a whole number from {min} to {max}."];
        return fallback;
    }
}
