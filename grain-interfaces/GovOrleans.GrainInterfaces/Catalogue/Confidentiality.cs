namespace GovOrleans.GrainInterfaces.Catalogue;

/// <summary>Confidentiality levels (after the Dutch ZGW scale).</summary>
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
