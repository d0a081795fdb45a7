using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>
/// Searches the case index (a queryable projection maintained from case events), keyed <see cref="Key"/>.
/// The actor narrows the search: a citizen sees only their cases, staff only their department's. Cases of level
/// <see cref="Catalogue.Confidentiality.CaseConfidential"/> or above are listed only to their parties (a caseworker sees
/// such a case only while it is assigned to them; operators never).
/// </summary>
public interface ICaseSearchGrain : IGrainWithStringKey
{
    /// <summary>The search grain's key.</summary>
    const string Key = "search";

    /// <summary>Runs a search; RuleViolationException for an unknown ordering or page size outside 1–100.</summary>
    [ReadOnly]
    Task<CasePage> SearchAsync(CaseQuery query, Actor actor);
}
