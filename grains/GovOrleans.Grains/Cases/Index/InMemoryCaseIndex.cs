using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Catalogue;

namespace GovOrleans.Grains.Cases.Index;

/// <summary>A process-local case index for tests and development without a database.</summary>
internal sealed class InMemoryCaseIndex : ICaseIndex
{
    private readonly Dictionary<string, (CaseSummary Summary, Confidentiality? Level)> _rows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task UpsertAsync(CaseEvent caseEvent, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(caseEvent.CaseId, out var row) || row.Summary.Version < caseEvent.Version)
            {
                _rows[caseEvent.CaseId] = (new CaseSummary(
                    caseEvent.CaseId, caseEvent.CaseTypeCode, caseEvent.CitizenId, caseEvent.Department, caseEvent.Status,
                    caseEvent.CitizenStatusTitle, caseEvent.AssignedTo, caseEvent.SubmittedAt, caseEvent.DueAt, caseEvent.DeadlineBreached,
                    caseEvent.Closed, caseEvent.Version), caseEvent.Confidentiality);
            }
        }

        return Task.CompletedTask;
    }

    public Task<CasePage> QueryAsync(CaseQuery query, CaseVisibility visibility, CancellationToken cancellationToken)
    {
        List<CaseSummary> matching;
        lock (_lock)
        {
            matching = _rows.Values
                .Where(row => visibility.Allows(row.Level, row.Summary.CitizenId, row.Summary.Department, row.Summary.AssignedTo))
                .Select(row => row.Summary)
                .Where(r =>
                    (query.CitizenId is null || r.CitizenId == query.CitizenId)
                    && (query.Department is null || r.Department == query.Department)
                    && (query.Status is null || r.Status == query.Status)
                    && (query.CaseTypeCode is null || r.CaseTypeCode == query.CaseTypeCode)
                    && (query.AssignedTo is null || r.AssignedTo == query.AssignedTo)
                    && (query.DeadlineBreached is null || r.DeadlineBreached == query.DeadlineBreached)
                    && (query.Closed is null || r.Closed == query.Closed)
                    && (query.SubmittedFrom is null || r.SubmittedAt >= query.SubmittedFrom)
                    && (query.SubmittedTo is null || r.SubmittedAt < query.SubmittedTo))
                .ToList();
        }

        var descending = query.Ordering.StartsWith('-');
        Func<CaseSummary, IComparable> key = (descending ? query.Ordering[1..] : query.Ordering) switch
        {
            "dueAt" => r => r.DueAt,
            "status" => r => r.Status,
            _ => r => r.SubmittedAt,
        };
        var ordered = descending
            ? matching.OrderByDescending(key).ThenByDescending(r => r.Id, StringComparer.Ordinal)
            : matching.OrderBy(key).ThenBy(r => r.Id, StringComparer.Ordinal);
        var items = ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToImmutableArray();
        return Task.FromResult(new CasePage(items, query.Page, query.PageSize, matching.Count));
    }
}
