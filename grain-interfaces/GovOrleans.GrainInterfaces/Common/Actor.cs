using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Common;

/// <summary>Who is calling: the authenticated subject, as the gateway established it from the token.</summary>
/// <param name="Subject">The citizen id, staff user id or client id.</param>
/// <param name="Roles">Any of <see cref="Roles"/>'s values.</param>
/// <param name="Department">The staff member's department code, or null.</param>
/// <param name="Scopes">Scopes of a department-system client (e.g. <c>cases.read</c>).</param>
public sealed record Actor(string Subject, ImmutableArray<string> Roles, string? Department, ImmutableArray<string> Scopes)
{
    /// <summary>True when the actor holds <paramref name="role"/>.</summary>
    public bool IsInRole(string role) => !Roles.IsDefault && Roles.Contains(role);

    /// <summary>True when the actor holds <paramref name="scope"/>.</summary>
    public bool HasScope(string scope) => !Scopes.IsDefault && Scopes.Contains(scope);

    /// <summary>A system actor for runtime-initiated changes (deadline escalation, seeding).</summary>
    public static Actor System { get; } = new("system", [Common.Roles.Operator], null, []);
}
