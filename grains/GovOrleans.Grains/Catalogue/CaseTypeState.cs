using GovOrleans.GrainInterfaces.Catalogue;

namespace GovOrleans.Grains.Catalogue;

/// <summary>Stored state of <see cref="CaseTypeGrain"/>: every version, oldest first; only the last may be a draft.</summary>
public sealed class CaseTypeState
{
    public List<CaseTypeDefinition> Versions { get; set; } = [];
}
