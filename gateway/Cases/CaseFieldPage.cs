namespace GovOrleans.Gateway.Cases;

/// <summary>A page of case summaries reduced to the fields asked for with <c>fields=</c>.</summary>
internal sealed record CaseFieldPage(IReadOnlyList<Dictionary<string, object?>> Items, int Page, int PageSize, long Total);
