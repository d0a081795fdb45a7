using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>One page of search results.</summary>
public sealed record CasePage(ImmutableArray<CaseSummary> Items, int Page, int PageSize, long Total);
