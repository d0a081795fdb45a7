using System.Security.Claims;
using System.Text.Encodings.Web;
using GovOrleans.Gateway.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace GovOrleans.Gateway.Auth;

/// <summary>
/// Validates <c>Authorization: Bearer</c> JWTs (HS256 development key, RS256/ES256 keys of the external issuer) with
/// <see cref="JsonWebTokenHandler"/>. Challenges and forbids leave an empty body that the status-code pages turn into problem details.
/// </summary>
internal sealed partial class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AuthOptions> authOptions,
    SigningKeys signingKeys) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";

    private static readonly JsonWebTokenHandler s_tokens = new() { MapInboundClaims = false };

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? authorization = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = authorization["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 8192)
        {
            return AuthenticateResult.Fail("Malformed bearer token.");
        }

        var result = await s_tokens.ValidateTokenAsync(token, CreateParameters(authOptions.Value));
        if (!result.IsValid)
        {
            LogRejected(Logger, result.Exception?.GetType().Name ?? "unknown");
            return AuthenticateResult.Fail("Invalid bearer token.");
        }

        var identity = result.ClaimsIdentity;
        if (!RouteKeys.IsSubject(identity.FindFirst(ActorClaims.Subject)?.Value)
            || !identity.HasClaim(c => c.Type == ActorClaims.Role)
            || (identity.FindFirst(ActorClaims.Department)?.Value is { } department && !RouteKeys.IsCode(department)))
        {
            LogRejected(Logger, "claims");
            return AuthenticateResult.Fail("The token lacks a valid subject or role.");
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(identity.Claims, SchemeName, ActorClaims.Subject, ActorClaims.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
        return Task.CompletedTask;
    }

    private TokenValidationParameters CreateParameters(AuthOptions options) => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKeys = signingKeys.ValidationKeys,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = TimeSpan.FromSeconds(options.ClockSkewSeconds),
        NameClaimType = ActorClaims.Subject,
        RoleClaimType = ActorClaims.Role,
    };

    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "Bearer token rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
