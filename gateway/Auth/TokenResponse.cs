using System.Text.Json.Serialization;

namespace GovOrleans.Gateway.Auth;

/// <summary>An OAuth 2.0 token response (RFC 6749 §5.1; snake_case as the RFC names it).</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scope);
