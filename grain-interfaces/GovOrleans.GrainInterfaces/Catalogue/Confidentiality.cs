namespace GovOrleans.GrainInterfaces.Catalogue;

/// <summary>
/// Confidentiality levels (after the Dutch ZGW scale). A case keeps the level of the case-type version it was opened
/// with. Up to <see cref="Internal"/> the usual access rules apply; from <see cref="CaseConfidential"/> up only the
/// case's parties reach it: its citizen, its department's admins, the caseworker it is assigned to and its department's
/// systems (operators are not parties).
/// </summary>
public enum Confidentiality
{
    /// <summary>Public.</summary>
    Public,

    /// <summary>Restricted public.</summary>
    RestrictedPublic,

    /// <summary>Internal to the municipality.</summary>
    Internal,

    /// <summary>Confidential to the case's parties.</summary>
    CaseConfidential,

    /// <summary>Confidential.</summary>
    Confidential,

    /// <summary>Secret.</summary>
    Secret,
}
