using System.Text.Json;

namespace GovOrleans.Gateway.Cases;

/// <summary>Body of <c>POST /api/v1/cases</c>: the case type and the form data (JSON primitives).</summary>
internal sealed record SubmitCaseRequest(string? CaseTypeCode, Dictionary<string, JsonElement>? Data);
