namespace GovOrleans.Gateway.Citizens;

/// <summary>Body of <c>PUT /api/v1/citizens/me</c>.</summary>
internal sealed record UpdateProfileRequest(string? DisplayName, string? Email, string? Phone, string[]? PreferredChannels, bool ConsentToNotifications);
