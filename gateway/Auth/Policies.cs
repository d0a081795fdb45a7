using GovOrleans.GrainInterfaces.Common;
using Microsoft.AspNetCore.Authorization;

namespace GovOrleans.Gateway.Auth;

/// <summary>The authorization policies; every endpoint names one (or is explicitly anonymous).</summary>
internal static class Policies
{
    /// <summary>Citizens only.</summary>
    public const string Citizen = "citizen";

    /// <summary>Caseworkers, department admins and operators.</summary>
    public const string Staff = "staff";

    /// <summary>Citizens (their own cases), staff, and department systems with <c>cases.read</c>.</summary>
    public const string CaseReader = "case-reader";

    /// <summary>Staff, and department systems with <c>cases.transition</c>.</summary>
    public const string CaseHandler = "case-handler";

    /// <summary>Citizens, staff, and department systems with <c>catalogue.read</c>.</summary>
    public const string CatalogueReader = "catalogue-reader";

    /// <summary>Staff, and department systems with <c>cases.read</c>.</summary>
    public const string DepartmentReader = "department-reader";

    private static readonly string[] s_staffRoles = [Roles.Caseworker, Roles.DepartmentAdmin, Roles.Operator];

    /// <summary>Registers the policies.</summary>
    public static AuthorizationBuilder AddGatewayPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Citizen, p => p.RequireRole(Roles.Citizen))
        .AddPolicy(Staff, p => p.RequireRole(s_staffRoles))
        .AddPolicy(CaseReader, p => p.RequireAssertion(c => c.User.IsInRole(Roles.Citizen) || IsStaff(c) || IsSystemWith(c, Scopes.CasesRead)))
        .AddPolicy(CaseHandler, p => p.RequireAssertion(c => IsStaff(c) || IsSystemWith(c, Scopes.CasesTransition)))
        .AddPolicy(CatalogueReader, p => p.RequireAssertion(c => c.User.IsInRole(Roles.Citizen) || IsStaff(c) || IsSystemWith(c, Scopes.CatalogueRead)))
        .AddPolicy(DepartmentReader, p => p.RequireAssertion(c => IsStaff(c) || IsSystemWith(c, Scopes.CasesRead)));

    private static bool IsStaff(AuthorizationHandlerContext context) => s_staffRoles.Any(context.User.IsInRole);

    private static bool IsSystemWith(AuthorizationHandlerContext context, string scope) =>
        context.User.IsInRole(Roles.System) && context.User.HasScope(scope);
}
