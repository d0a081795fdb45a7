using GovOrleans.GrainInterfaces.Common;

namespace GovOrleans.Grains.Common;

/// <summary>
/// Who may touch a department's or a citizen's records; shared by the case, department and search grains. Cases of level
/// CaseConfidential and up are for their parties only, which <see cref="CaseConfidentiality"/> decides.
/// </summary>
internal static class ActorAccess
{
    public static bool IsOperator(Actor actor) => actor.IsInRole(Roles.Operator);

    public static bool IsStaff(Actor actor) => actor.IsInRole(Roles.Caseworker) || actor.IsInRole(Roles.DepartmentAdmin);

    public static bool IsStaffOf(Actor actor, string department) =>
        IsStaff(actor) && string.Equals(actor.Department, department, StringComparison.Ordinal);

    public static bool IsSystemOf(Actor actor, string department, string scope) =>
        actor.IsInRole(Roles.System) && actor.HasScope(scope) && string.Equals(actor.Department, department, StringComparison.Ordinal);

    public static bool IsCitizen(Actor actor, string citizenId) =>
        actor.IsInRole(Roles.Citizen) && string.Equals(actor.Subject, citizenId, StringComparison.Ordinal);

    /// <summary>True when the actor has no role beyond citizen: such callers learn nothing about records that are not theirs.</summary>
    public static bool IsOnlyCitizen(Actor actor) =>
        actor.IsInRole(Roles.Citizen) && !IsOperator(actor) && !IsStaff(actor) && !actor.IsInRole(Roles.System);

    /// <summary>Requires operator, staff of <paramref name="department"/>, or a department system with <paramref name="scope"/>.</summary>
    public static void RequireDepartmentAccess(Actor actor, string department, string scope)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (IsOperator(actor) || IsStaffOf(actor, department) || IsSystemOf(actor, department, scope))
        {
            return;
        }

        throw new ForbiddenException("The caller has no access to this department's records.");
    }

    public static void RequireOperator(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!IsOperator(actor))
        {
            throw new ForbiddenException("Only operators may change this.");
        }
    }
}
