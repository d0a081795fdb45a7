namespace GovOrleans.GrainInterfaces.Catalogue;

/// <summary>A case-type version is edited as a draft and frozen once published.</summary>
public enum CaseTypeStatus
{
    /// <summary>Editable; no case can be opened with it.</summary>
    Draft,

    /// <summary>Immutable; new cases use the latest published version.</summary>
    Published,
}
