using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace GovOrleans.Gateway.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer</c> JWTs through <see cref="BearerTokenValidator"/>, which validates a token
/// in full the first time and then answers from its cache until the token expires (at most five minutes). Challenges
/// and forbids leave an empty body that the status-code pages turn into problem details.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    BearerTokenValidator validator) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? authorization = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = authorization.AsSpan(Prefix.Length).Trim();
        if (token.Length is 0 or > BearerTokenValidator.MaxTokenLength)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed bearer token."));
        }

        return validator.TryGetCached(token, out var caller)
            ? Task.FromResult(Success(caller))
            : ValidateAsync(token.ToString());
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
        return Task.CompletedTask;
    }

    private async Task<AuthenticateResult> ValidateAsync(string token) =>
        await validator.ValidateAsync(token) is { } caller
            ? Success(caller)
            : AuthenticateResult.Fail("Invalid bearer token.");

    private static AuthenticateResult Success(AuthenticatedCaller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(caller.CreatePrincipal(), SchemeName));
}
