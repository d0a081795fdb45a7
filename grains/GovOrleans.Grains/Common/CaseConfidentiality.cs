using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;

namespace GovOrleans.Grains.Common;

/// <summary>
/// Enforcement of a case's confidentiality level (ZGW scale). Public, RestrictedPublic and Internal cases follow the
/// ordinary rules of <see cref="ActorAccess"/>. From <see cref="Confidentiality.CaseConfidential"/> up a case is for its
/// parties only:
/// <list type="bullet">
/// <item>its citizen;</item>
/// <item>the department-admins of its department (they assign, so they must see every case);</item>
/// <item>a caseworker of its department only while the case is assigned to them (reassigning it away ends access);</item>
/// <item>systems of its department with the needed scope (they act for the department's records system).</item>
/// </list>
/// Operators are not parties: they manage the platform, not its cases. The case grain, the case search and the
/// department queue all decide with these rules, so what a list shows and what a read allows never differ.
/// </summary>
internal static class CaseConfidentiality
{
    /// <summary>The lowest level from which only the case's parties may reach a case.</summary>
    public const Confidentiality PartiesOnlyFrom = Confidentiality.CaseConfidential;

    /// <summary>True from <see cref="PartiesOnlyFrom"/> up, and for an unknown level (data written before levels were recorded): fail closed.</summary>
    public static bool IsPartiesOnly(Confidentiality? level) => level is not { } known || known >= PartiesOnlyFrom;

    /// <summary>
    /// True when <paramref name="actor"/> is a party of the case described by the other arguments. <paramref name="citizenId"/>
    /// may be null where the caller cannot be the citizen (department queues).
    /// </summary>
    public static bool IsParty(Actor actor, string? citizenId, string department, string? assignedTo, string scope)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return (citizenId is not null && ActorAccess.IsCitizen(actor, citizenId))
            || IsDepartmentAdminOf(actor, department)
            || (IsCaseworkerOf(actor, department) && assignedTo is not null && string.Equals(assignedTo, actor.Subject, StringComparison.Ordinal))
            || ActorAccess.IsSystemOf(actor, department, scope);
    }

    public static bool IsDepartmentAdminOf(Actor actor, string department) =>
        actor.IsInRole(Roles.DepartmentAdmin) && string.Equals(actor.Department, department, StringComparison.Ordinal);

    public static bool IsCaseworkerOf(Actor actor, string department) =>
        actor.IsInRole(Roles.Caseworker) && string.Equals(actor.Department, department, StringComparison.Ordinal);
}
