using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.GrainInterfaces.Citizens;

/// <summary>A citizen, keyed by citizen id. Only the citizen (and operators) may read it.</summary>
public interface ICitizenGrain : IGrainWithStringKey
{
    /// <summary>The profile (created with defaults on first access by the citizen).</summary>
    [ReadOnly]
    Task<CitizenProfile> GetProfileAsync(Actor actor);

    /// <summary>
    /// Updates the profile; RuleViolationException lists invalid fields. A non-null <paramref name="expectedVersion"/>
    /// that is not the profile's version is a ConflictException with IsPreconditionFailure.
    /// </summary>
    Task<CitizenProfile> UpdateProfileAsync(CitizenProfileUpdate update, int? expectedVersion, Actor actor);

    /// <summary>Ids of the citizen's own cases, newest first.</summary>
    [ReadOnly]
    Task<ImmutableArray<string>> GetCaseIdsAsync(Actor actor);

    /// <summary>The notification inbox, newest first.</summary>
    [ReadOnly]
    Task<ImmutableArray<Notification>> GetInboxAsync(Actor actor);

    /// <summary>
    /// The case updates applied after the one with event id <paramref name="lastEventId"/>, oldest first, for an event stream
    /// that reconnects with <c>Last-Event-ID</c>. Only the last 200 updates are kept; an id outside them gives
    /// <see cref="CitizenUpdateReplay.Known"/> false. Only the citizen themselves may ask.
    /// </summary>
    [ReadOnly]
    Task<CitizenUpdateReplay> GetUpdatesAfterAsync(Guid lastEventId, Actor actor);

    /// <summary>Applies a case event (adds the case, notifies, keeps the update for replay); idempotent by event id. Called by the case's event dispatch.</summary>
    Task OnCaseEventAsync(CaseEvent caseEvent);
}
