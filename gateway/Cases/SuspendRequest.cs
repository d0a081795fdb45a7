namespace GovOrleans.Gateway.Cases;

/// <summary>Body of <c>POST /api/v1/cases/{id}/suspend</c>.</summary>
internal sealed record SuspendRequest(string? Reason);
