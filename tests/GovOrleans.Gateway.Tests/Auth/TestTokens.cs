using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GovOrleans.Gateway.Tests.Auth;

/// <summary>Hand-made tokens for negative tests (other keys, issuers, expiry).</summary>
public static class TestTokens
{
    public const string DevelopmentKey = "govorleans-development-signing-key-not-for-production";

    public static string Create(
        string subject,
        string[] roles,
        string signingKey = DevelopmentKey,
        string issuer = "govorleans-dev",
        string audience = "govorleans-api",
        DateTime? expires = null,
        string? department = null,
        string? scope = null,
        DateTime? notBefore = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = roles };
        if (department is not null)
        {
            claims["department"] = department;
        }

        if (scope is not null)
        {
            claims["scope"] = scope;
        }

        var expiry = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = notBefore ?? expiry.AddMinutes(-20),
            NotBefore = notBefore ?? expiry.AddMinutes(-20),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
