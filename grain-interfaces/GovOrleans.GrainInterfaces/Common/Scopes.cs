namespace GovOrleans.GrainInterfaces.Common;

/// <summary>Scopes granted to department-system clients.</summary>
public static class Scopes
{
    /// <summary>Read cases of the client's department.</summary>
    public const string CasesRead = "cases.read";

    /// <summary>Apply workflow transitions to cases of the client's department.</summary>
    public const string CasesTransition = "cases.transition";

    /// <summary>Read the case-type catalogue.</summary>
    public const string CatalogueRead = "catalogue.read";
}
