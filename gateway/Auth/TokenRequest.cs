using System.Text.Json.Serialization;

namespace GovOrleans.Gateway.Auth;

/// <summary>A token request, as a form (RFC 6749) or as JSON with the same snake_case names.</summary>
internal sealed record TokenRequest(
    [property: JsonPropertyName("grant_type")] string? GrantType,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret);
