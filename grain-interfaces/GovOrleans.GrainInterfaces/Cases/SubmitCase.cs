using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>A citizen's application.</summary>
/// <param name="CaseTypeCode">The case type; the latest published version is used and kept for the case's life.</param>
/// <param name="Data">Form values by field name, as strings (numbers invariant, dates yyyy-MM-dd, booleans true/false).</param>
/// <param name="RequestFingerprint">A hash of the request body when the client sent an Idempotency-Key: a retry with the same key and body returns the same case, a different body is a conflict.</param>
public sealed record SubmitCase(string CaseTypeCode, ImmutableDictionary<string, string> Data, string? RequestFingerprint = null);
