using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Grains.Common;

namespace GovOrleans.Grains.Cases;

public sealed partial class CaseGrain
{
    /// <summary>
    /// Requires that the case exists and the actor may reach it: its citizen, staff of its department, a system of its
    /// department with <paramref name="scope"/>, or an operator. A caller with no role beyond citizen gets NotFound for a case
    /// that is not theirs (its existence is not disclosed); everyone else gets Forbidden.
    /// </summary>
    private void RequireAccess(Actor actor, string scope)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = state.State;
        if (!current.Submitted)
        {
            throw new NotFoundException("No such case.");
        }

        if (ActorAccess.IsOperator(actor)
            || ActorAccess.IsCitizen(actor, current.CitizenId)
            || ActorAccess.IsStaffOf(actor, current.Department)
            || ActorAccess.IsSystemOf(actor, current.Department, scope))
        {
            return;
        }

        throw ActorAccess.IsOnlyCitizen(actor)
            ? new NotFoundException("No such case.")
            : new ForbiddenException("The caller has no access to this case.");
    }

    /// <summary>Like <see cref="RequireAccess"/> for changes only staff make (assign, suspend, resume, extend): the case's citizen is Forbidden.</summary>
    private void RequireHandlerAccess(Actor actor)
    {
        RequireAccess(actor, Scopes.CasesTransition);
        if (!ActorAccess.IsOperator(actor)
            && !ActorAccess.IsStaffOf(actor, state.State.Department)
            && !ActorAccess.IsSystemOf(actor, state.State.Department, Scopes.CasesTransition))
        {
            throw new ForbiddenException("Only the department's staff may do this.");
        }
    }

    private void RequireOpen()
    {
        if (state.State.ClosedAt is not null)
        {
            throw new ConflictException("The case is closed.");
        }
    }

    private void RequireVersion(int? expectedVersion)
    {
        var version = state.State.Version;
        if (expectedVersion is { } expected && expected != version)
        {
            throw new ConflictException("The case has changed since it was read.", isPreconditionFailure: true, currentVersion: version);
        }
    }
}
