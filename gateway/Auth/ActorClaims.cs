using System.Collections.Immutable;
using System.Security.Claims;
using GovOrleans.GrainInterfaces.Common;

namespace GovOrleans.Gateway.Auth;

/// <summary>The token claims the gateway reads, and their mapping to the grains' <see cref="Actor"/>.</summary>
internal static class ActorClaims
{
    public const string Subject = "sub";

    public const string Role = "role";

    public const string Department = "department";

    /// <summary>Space-separated scopes (RFC 8693).</summary>
    public const string Scope = "scope";

    /// <summary>The caller as the grains see it. Only valid on an authenticated principal.</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        var subject = user.FindFirst(Subject)?.Value ?? throw new InvalidOperationException("The principal has no subject.");
        var roles = user.FindAll(Role).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToImmutableArray();
        var department = user.FindFirst(Department)?.Value;
        var scopes = user.FindAll(Scope)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToImmutableArray();
        return new Actor(subject, roles, department, scopes);
    }

    /// <summary>The caller's subject (citizen id for citizens).</summary>
    public static string SubjectOf(this ClaimsPrincipal user) =>
        user.FindFirst(Subject)?.Value ?? throw new InvalidOperationException("The principal has no subject.");

    /// <summary>True when the caller holds <paramref name="scope"/>.</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.FindAll(Scope).Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));
}
