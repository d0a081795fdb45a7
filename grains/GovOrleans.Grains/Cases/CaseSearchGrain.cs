using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Grains.Cases.Index;
using GovOrleans.Grains.Common;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Grains.Cases;

/// <summary>
/// Case search over the case index (key <see cref="ICaseSearchGrain.Key"/>); it never activates cases. The caller's scope
/// is forced onto the query: citizens see their own cases, staff and department systems their department's, operators all.
/// On top of that, cases of level CaseConfidential and up are listed only to their parties (<see cref="CaseVisibility"/>):
/// a caseworker sees such a case only while it is assigned to them, an operator never; a list must not show what a read
/// of the case would refuse.
/// </summary>
[Reentrant]
public sealed class CaseSearchGrain : Grain, ICaseSearchGrain
{
    public const int MaxPageSize = 100;

    private static readonly HashSet<string> s_orderings = ["submittedAt", "-submittedAt", "dueAt", "-dueAt", "status", "-status"];

    public Task<CasePage> SearchAsync(CaseQuery query, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new List<FieldError>();
        if (query.Page < 1)
        {
            errors.Add(new("page", "Must be at least 1."));
        }

        if (query.PageSize is < 1 or > MaxPageSize)
        {
            errors.Add(new("pageSize", $"Must be between 1 and {MaxPageSize}."));
        }

        if (!s_orderings.Contains(query.Ordering ?? string.Empty))
        {
            errors.Add(new("ordering", $"Must be one of {string.Join(", ", s_orderings)}."));
        }

        if (query.SubmittedFrom is { } from && query.SubmittedTo is { } to && from > to)
        {
            errors.Add(new("submittedFrom", "Must not be after submittedTo."));
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException("The search is invalid.", [.. errors]);
        }

        var scoped = Scope(query, actor);
        return ServiceProvider.GetRequiredService<ICaseIndex>().QueryAsync(scoped, CaseVisibility.Of(actor), CancellationToken.None);
    }

    private static CaseQuery Scope(CaseQuery query, Actor actor)
    {
        if (ActorAccess.IsOperator(actor))
        {
            return query;
        }

        if (ActorAccess.IsStaff(actor) && !string.IsNullOrEmpty(actor.Department))
        {
            return query with { Department = actor.Department };
        }

        if (actor.IsInRole(Roles.System) && actor.HasScope(Scopes.CasesRead) && !string.IsNullOrEmpty(actor.Department))
        {
            return query with { Department = actor.Department };
        }

        if (actor.IsInRole(Roles.Citizen) && !string.IsNullOrEmpty(actor.Subject))
        {
            return query with { CitizenId = actor.Subject };
        }

        throw new ForbiddenException("The caller may not search cases.");
    }
}
