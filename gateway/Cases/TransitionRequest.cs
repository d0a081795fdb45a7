using System.Text.Json;

namespace GovOrleans.Gateway.Cases;

/// <summary>Body of <c>POST /api/v1/cases/{id}/transitions</c>.</summary>
internal sealed record TransitionRequest(string? Name, string? Reason, Dictionary<string, JsonElement>? Fields);
