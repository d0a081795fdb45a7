using System.Security.Claims;
using GovOrleans.GrainInterfaces.Common;

namespace GovOrleans.Gateway.Auth;

/// <summary>
/// What one validated bearer token says about its caller, derived once and shared by every request that presents the
/// same token while it is cached. Immutable, apart from descriptions other parts of the pipeline derive from the
/// claims on first use and keep here (always the same value for the same claims, so a race only repeats work).
/// </summary>
internal sealed class AuthenticatedCaller
{
    private readonly Claim[] _claims;

    public AuthenticatedCaller(IEnumerable<Claim> claims)
    {
        // Detached copies: the validated identity is not kept, and requests read these through a read-only identity.
        _claims = [.. claims.Select(claim => claim.Clone())];
        Actor = ActorClaims.FromClaims(_claims);
    }

    /// <summary>The token's claims, as validated.</summary>
    public IReadOnlyList<Claim> Claims => _claims;

    /// <summary>The caller as the grains see it.</summary>
    public Actor Actor { get; }

    /// <summary>The token subject.</summary>
    public string Subject => Actor.Subject;

    /// <summary>The audit trail's description of the caller's roles, kept by the audit middleware on first use.</summary>
    internal string? AuditRoles { get; set; }

    /// <summary>A fresh principal for one request; requests never share a mutable identity.</summary>
    public ClaimsPrincipal CreatePrincipal() => new(new CallerIdentity(this));
}
