using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Grains.Common;

namespace GovOrleans.Grains.Cases.Index;

/// <summary>
/// Which parties-only cases (level CaseConfidential and up) a search may list, on top of the query's own scope: the
/// index's form of <see cref="CaseConfidentiality.IsParty"/> for one caller. Cases below that level are not affected.
/// Built by the search grain from the caller's roles only; it is not part of <c>CaseQuery</c>, so no request can set it.
/// </summary>
/// <param name="CitizenId">Parties-only cases of this citizen are listed (the caller is that citizen).</param>
/// <param name="AdminDepartment">Parties-only cases of this department are listed (its admin or its system with cases.read).</param>
/// <param name="CaseworkerDepartment">With <paramref name="Assignee"/>: this department's parties-only cases assigned to the caller.</param>
/// <param name="Assignee">The caseworker's user id.</param>
internal sealed record CaseVisibility(string? CitizenId, string? AdminDepartment, string? CaseworkerDepartment, string? Assignee)
{
    /// <summary>The parties-only cases <paramref name="actor"/> is a party of, whatever else its scope lists.</summary>
    public static CaseVisibility Of(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var department = string.IsNullOrEmpty(actor.Department) ? null : actor.Department;
        var subject = string.IsNullOrEmpty(actor.Subject) ? null : actor.Subject;
        var admin = actor.IsInRole(Roles.DepartmentAdmin) || (actor.IsInRole(Roles.System) && actor.HasScope(Scopes.CasesRead));
        var caseworker = actor.IsInRole(Roles.Caseworker) && subject is not null;
        return new(
            actor.IsInRole(Roles.Citizen) ? subject : null,
            admin ? department : null,
            caseworker ? department : null,
            caseworker && department is not null ? subject : null);
    }

    /// <summary>True when a row with these values may be listed (the in-memory index; the SQL indexes use <see cref="CaseIndexSql.Where"/>).</summary>
    public bool Allows(Confidentiality? level, string citizenId, string department, string? assignedTo) =>
        !CaseConfidentiality.IsPartiesOnly(level)
        || (CitizenId is not null && citizenId == CitizenId)
        || (AdminDepartment is not null && department == AdminDepartment)
        || (CaseworkerDepartment is not null && Assignee is not null && department == CaseworkerDepartment && assignedTo == Assignee);
}
