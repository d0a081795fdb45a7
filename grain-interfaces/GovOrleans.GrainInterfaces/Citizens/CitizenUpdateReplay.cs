using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Citizens;

/// <summary>The case updates an event stream missed while it was disconnected.</summary>
/// <param name="Known">
/// False when the id asked about is not in the kept history (older than it, never this citizen's, or no event id at all):
/// <paramref name="Updates"/> is then empty and the client has to re-read its cases.
/// </param>
/// <param name="Updates">The updates after the id asked about, oldest first; empty when <paramref name="Known"/> is false.</param>
/// <param name="Latest">The newest kept update's event id, or null when none is kept: a safe point to resume from after a re-read.</param>
public sealed record CitizenUpdateReplay(bool Known, ImmutableArray<CitizenCaseUpdate> Updates, Guid? Latest);
