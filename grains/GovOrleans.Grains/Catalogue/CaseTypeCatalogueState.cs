using GovOrleans.GrainInterfaces.Catalogue;

namespace GovOrleans.Grains.Catalogue;

/// <summary>Stored state of <see cref="CaseTypeCatalogueGrain"/>: the latest published version of each case type.</summary>
public sealed class CaseTypeCatalogueState
{
    public Dictionary<string, CaseTypeSummary> CaseTypes { get; set; } = [];
}
