using GovOrleans.GrainInterfaces.Cases;

namespace GovOrleans.Grains.Cases.Index;

/// <summary>
/// The case projection that lists and searches read instead of activating cases (table <c>govorleans_case_index</c>).
/// Fed by the cases' outboxes; an upsert applies only when its version is newer than the stored row.
/// </summary>
internal interface ICaseIndex
{
    /// <summary>Applies the case's state as carried by <paramref name="caseEvent"/>, unless the row already has that version or a newer one.</summary>
    Task UpsertAsync(CaseEvent caseEvent, CancellationToken cancellationToken);

    /// <summary>
    /// One page of cases matching <paramref name="query"/>, which is already validated and scoped to the caller, leaving
    /// out the parties-only cases <paramref name="visibility"/> does not allow (totals count only what may be listed).
    /// </summary>
    Task<CasePage> QueryAsync(CaseQuery query, CaseVisibility visibility, CancellationToken cancellationToken);
}
