using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>
/// One case, keyed by case id. Every method checks who may call it: a citizen reaches only their own case
/// (others are NotFound), staff only their department's (Forbidden), operators all. A case of level
/// <see cref="Catalogue.Confidentiality.CaseConfidential"/> or above is reached by its parties only: its citizen, the
/// department's admins, the caseworker it is assigned to, and the department's systems with the needed scope; everyone
/// else, operators and the department's other caseworkers included, is Forbidden (a citizen not theirs: NotFound).
/// </summary>
public interface ICaseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Submits the case: validates the data against the case type's form (RuleViolationException lists every failing
    /// field as <c>data.{name}</c>), routes it to a department, starts the deadline. A repeat with the same
    /// fingerprint returns the case as it is; a different submission to an existing case is a ConflictException.
    /// </summary>
    Task<CaseView> SubmitAsync(SubmitCase command, Actor actor);

    /// <summary>The case.</summary>
    [ReadOnly]
    Task<CaseView> GetAsync(Actor actor);

    /// <summary>The append-only history, oldest first.</summary>
    [ReadOnly]
    Task<ImmutableArray<CaseHistoryEntry>> GetHistoryAsync(Actor actor);

    /// <summary>Applies a workflow transition (role guard, required fields, optional expected version).</summary>
    Task<CaseView> TransitionAsync(CaseTransition transition, Actor actor);

    /// <summary>Assigns a caseworker of the case's department.</summary>
    Task<CaseView> AssignAsync(string assignee, int? expectedVersion, Actor actor);

    /// <summary>
    /// Suspends handling: the deadline stops until resumed. A non-null <paramref name="expectedVersion"/> that is not the
    /// case's version is a ConflictException with IsPreconditionFailure.
    /// </summary>
    Task<CaseView> SuspendAsync(string reason, int? expectedVersion, Actor actor);

    /// <summary>Resumes handling: the deadline moves by the time spent suspended; optional expected version as for suspend.</summary>
    Task<CaseView> ResumeAsync(int? expectedVersion, Actor actor);

    /// <summary>Extends the deadline by <paramref name="days"/> (1–365); optional expected version as for suspend.</summary>
    Task<CaseView> ExtendAsync(int days, string reason, int? expectedVersion, Actor actor);

    /// <summary>Records a document's metadata.</summary>
    Task<CaseView> AddDocumentAsync(DocumentMetadata document, Actor actor);
}
