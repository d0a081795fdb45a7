using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Gateway.Auth;

/// <summary>How bearer tokens are validated (section <c>Auth</c>).</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The expected <c>iss</c> claim.</summary>
    [Required]
    public string Issuer { get; set; } = "govorleans-dev";

    /// <summary>The expected <c>aud</c> claim.</summary>
    [Required]
    public string Audience { get; set; } = "govorleans-api";

    /// <summary>An HS256 key (at least 32 characters, UTF-8). Used by the development issuer; leave empty in production.</summary>
    public string? SymmetricKey { get; set; }

    /// <summary>PEM-encoded public keys (RSA or EC, <c>-----BEGIN PUBLIC KEY-----</c>) of the external issuer.</summary>
    public List<string> PublicKeysPem { get; set; } = [];

    /// <summary>Tolerated clock difference.</summary>
    [Range(0, 600)]
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>The built-in development identity provider.</summary>
    public DevelopmentIssuerOptions DevelopmentIssuer { get; set; } = new();
}
