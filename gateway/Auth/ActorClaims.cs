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

    /// <summary>
    /// The caller as the grains see it. Only valid on an authenticated principal. A bearer-token principal carries the
    /// actor computed once for its token; any other principal is mapped from its claims.
    /// </summary>
    public static Actor ToActor(this ClaimsPrincipal user) =>
        CallerIdentity.Of(user)?.Actor ?? FromClaims(user.Claims);

    /// <summary>Maps claims to an actor: the first subject and department, distinct roles and scopes in claim order.</summary>
    public static Actor FromClaims(IEnumerable<Claim> claims)
    {
        string? subject = null;
        string? department = null;
        var roles = ImmutableArray.CreateBuilder<string>();
        var scopes = ImmutableArray.CreateBuilder<string>();
        foreach (var claim in claims)
        {
            switch (claim.Type)
            {
                case Subject:
                    subject ??= claim.Value;
                    break;
                case Role:
                    AddDistinct(roles, claim.Value);
                    break;
                case Department:
                    department ??= claim.Value;
                    break;
                case Scope:
                    foreach (var range in claim.Value.AsSpan().Split(' '))
                    {
                        var scope = claim.Value.AsSpan()[range].Trim();
                        if (!scope.IsEmpty)
                        {
                            AddDistinct(scopes, scope.ToString());
                        }
                    }

                    break;
            }
        }

        return subject is null
            ? throw new InvalidOperationException("The principal has no subject.")
            : new Actor(subject, roles.DrainToImmutable(), department, scopes.DrainToImmutable());
    }

    /// <summary>The caller's subject (citizen id for citizens).</summary>
    public static string SubjectOf(this ClaimsPrincipal user) =>
        CallerIdentity.Of(user)?.Subject
        ?? user.FindFirst(Subject)?.Value
        ?? throw new InvalidOperationException("The principal has no subject.");

    /// <summary>True when the caller holds <paramref name="scope"/>.</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope)
    {
        foreach (var claim in user.FindAll(Scope))
        {
            foreach (var range in claim.Value.AsSpan().Split(' '))
            {
                if (claim.Value.AsSpan()[range].SequenceEqual(scope))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void AddDistinct(ImmutableArray<string>.Builder values, string value)
    {
        if (!values.Contains(value))
        {
            values.Add(value);
        }
    }
}
