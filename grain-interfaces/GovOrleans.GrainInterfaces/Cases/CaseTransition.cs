using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>A request to apply a workflow transition.</summary>
/// <param name="Name">The transition's name.</param>
/// <param name="Reason">Why, recorded in the history.</param>
/// <param name="Fields">Values the transition requires (e.g. <c>decision</c>); stored on the case.</param>
/// <param name="ExpectedVersion">The case version the caller saw (If-Match); a mismatch is a precondition failure.</param>
public sealed record CaseTransition(string Name, string? Reason, ImmutableDictionary<string, string> Fields, int? ExpectedVersion = null);
