using System.Security.Claims;

namespace GovOrleans.Gateway.Auth;

/// <summary>
/// The identity of a bearer-token request. It reads the claims of its <see cref="AuthenticatedCaller"/>, which every
/// request presenting the same token shares, so it is read-only: adding or removing a claim throws. (A principal can
/// still gain other identities; <see cref="Of"/> then stops using the cached descriptions.)
/// </summary>
internal sealed class CallerIdentity(AuthenticatedCaller caller)
    : ClaimsIdentity(BearerTokenHandler.SchemeName, ActorClaims.Subject, ActorClaims.Role)
{
    public AuthenticatedCaller Caller { get; } = caller;

    public override IEnumerable<Claim> Claims => Caller.Claims;

    /// <summary>
    /// The caller behind <paramref name="user"/> when its only identity is a bearer-token identity, else null (any other
    /// principal, or one that gained identities later, is described from its claims as before).
    /// </summary>
    public static AuthenticatedCaller? Of(ClaimsPrincipal user) =>
        user.Identity is CallerIdentity identity && user.Identities.TryGetNonEnumeratedCount(out var count) && count == 1
            ? identity.Caller
            : null;

    public override void AddClaim(Claim claim) => throw ReadOnly();

    public override void AddClaims(IEnumerable<Claim?> claims) => throw ReadOnly();

    public override bool TryRemoveClaim(Claim? claim) => throw ReadOnly();

    public override void RemoveClaim(Claim? claim) => throw ReadOnly();

    /// <summary>A mutable copy with the same claims.</summary>
    public override ClaimsIdentity Clone() => new(Caller.Claims, AuthenticationType, NameClaimType, RoleClaimType);

    private static NotSupportedException ReadOnly() =>
        new("A bearer-token identity is shared by the requests of one token and cannot change; add a new ClaimsIdentity instead.");
}
