using System.Security.Cryptography;
using System.Text;
using GovOrleans.GrainInterfaces.Common;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GovOrleans.Gateway.Auth;

/// <summary>Issues HS256 tokens for configured demo users and department-system clients.</summary>
internal sealed class DevelopmentTokenIssuer(IOptionsMonitor<AuthOptions> options, SigningKeys keys, TimeProvider time)
{
    private static readonly JsonWebTokenHandler s_tokens = new();

    public bool Enabled => options.CurrentValue.DevelopmentIssuer.Enabled && keys.Symmetric is not null;

    /// <summary>The password grant; null for unknown users or a wrong password.</summary>
    public TokenResponse? IssueForUser(string username, string password)
    {
        var user = options.CurrentValue.DevelopmentIssuer.Users.FirstOrDefault(u => string.Equals(u.Username, username, StringComparison.Ordinal));
        if (!SecretEquals(user?.Password, password) || user is null)
        {
            return null;
        }

        var claims = new Dictionary<string, object> { [ActorClaims.Role] = user.Roles.ToArray() };
        if (user.Department is not null)
        {
            claims[ActorClaims.Department] = user.Department;
        }

        return Issue(user.Username, claims, scope: null);
    }

    /// <summary>The client_credentials grant; null for unknown clients or a wrong secret.</summary>
    public TokenResponse? IssueForClient(string clientId, string clientSecret)
    {
        var client = options.CurrentValue.DevelopmentIssuer.Clients.FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));
        if (!SecretEquals(client?.ClientSecret, clientSecret) || client is null)
        {
            return null;
        }

        var scope = string.Join(' ', client.Scopes);
        var claims = new Dictionary<string, object> { [ActorClaims.Role] = new[] { Roles.System }, [ActorClaims.Scope] = scope };
        if (client.Department is not null)
        {
            claims[ActorClaims.Department] = client.Department;
        }

        return Issue(client.ClientId, claims, scope);
    }

    private TokenResponse Issue(string subject, Dictionary<string, object> claims, string? scope)
    {
        var value = options.CurrentValue;
        var now = time.GetUtcNow();
        var lifetime = TimeSpan.FromMinutes(value.DevelopmentIssuer.TokenLifetimeMinutes);
        claims[ActorClaims.Subject] = subject;
        claims[JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N");
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = value.Issuer,
            Audience = value.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(keys.Symmetric, SecurityAlgorithms.HmacSha256),
        };
        return new TokenResponse(s_tokens.CreateToken(descriptor), "Bearer", (int)lifetime.TotalSeconds, scope);
    }

    private static bool SecretEquals(string? expected, string actual)
    {
        // Hashing first gives equal lengths, so the comparison time does not depend on where the secrets differ.
        var left = SHA256.HashData(Encoding.UTF8.GetBytes(expected ?? "\0unknown"));
        var right = SHA256.HashData(Encoding.UTF8.GetBytes(actual));
        return CryptographicOperations.FixedTimeEquals(left, right) && expected is not null;
    }
}
