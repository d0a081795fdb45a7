using System.Collections.Immutable;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.GrainInterfaces.Catalogue;

/// <summary>The list of published case types; a single grain keyed <see cref="Key"/>.</summary>
public interface ICaseTypeCatalogueGrain : IGrainWithStringKey
{
    /// <summary>The catalogue grain's key.</summary>
    const string Key = "catalogue";

    /// <summary>Records the latest published version of a case type (called by the case-type grain).</summary>
    Task PublishedAsync(CaseTypeSummary summary);

    /// <summary>Every published case type, ordered by code.</summary>
    [ReadOnly]
    Task<ImmutableArray<CaseTypeSummary>> ListAsync();
}
