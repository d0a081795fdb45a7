using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Grains.Common;

namespace GovOrleans.Grains.Cases;

public sealed partial class CaseGrain
{
    /// <summary>
    /// Requires that the case exists and the actor may reach it. Up to Internal: its citizen, staff of its department, a
    /// system of its department with <paramref name="scope"/>, or an operator. From CaseConfidential up only the case's
    /// parties (see <see cref="CaseConfidentiality"/>): operators and caseworkers it is not assigned to are turned away.
    /// A caller with no role beyond citizen gets NotFound for a case that is not theirs (its existence is not disclosed);
    /// everyone else gets Forbidden, because staff may know the case exists from the queue or the counters.
    /// </summary>
    private void RequireAccess(Actor actor, string scope)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = state.State;
        if (!current.Submitted)
        {
            throw new NotFoundException("No such case.");
        }

        var allowed = CaseConfidentiality.IsPartiesOnly(current.Confidentiality)
            ? CaseConfidentiality.IsParty(actor, current.CitizenId, current.Department, current.AssignedTo, scope)
            : ActorAccess.IsOperator(actor)
                || ActorAccess.IsCitizen(actor, current.CitizenId)
                || ActorAccess.IsStaffOf(actor, current.Department)
                || ActorAccess.IsSystemOf(actor, current.Department, scope);
        if (allowed)
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
