namespace GovOrleans.Gateway.Cases;

/// <summary>Body of <c>POST /api/v1/cases/{id}/assignment</c>.</summary>
internal sealed record AssignmentRequest(string? Assignee);
