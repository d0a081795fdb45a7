namespace GovOrleans.Gateway.Cases;

/// <summary>Body of <c>POST /api/v1/cases/{id}/extend</c>.</summary>
internal sealed record ExtendRequest(int Days, string? Reason);
