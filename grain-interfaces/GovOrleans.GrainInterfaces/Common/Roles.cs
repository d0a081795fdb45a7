namespace GovOrleans.GrainInterfaces.Common;

/// <summary>The platform's roles.</summary>
public static class Roles
{
    /// <summary>A resident; sees only their own records.</summary>
    public const string Citizen = "citizen";

    /// <summary>Staff who handle cases of their department.</summary>
    public const string Caseworker = "caseworker";

    /// <summary>Staff who configure their department: staff, routing, SLA.</summary>
    public const string DepartmentAdmin = "department-admin";

    /// <summary>Platform operators: catalogue, workflows, every department, audit.</summary>
    public const string Operator = "operator";

    /// <summary>A department system (machine client); what it may do is given by its scopes.</summary>
    public const string System = "system";
}
