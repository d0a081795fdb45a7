using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;

namespace GovOrleans.Gateway.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer</c> JWTs through <see cref="BearerTokenValidator"/>, which validates a token
/// in full the first time and then answers from its cache until the token expires (at most five minutes). Challenges
/// and forbids leave an empty body that the status-code pages turn into problem details.
/// It implements <see cref="IAuthenticationHandler"/> directly: the scheme has no options, events or forwarding, so the
/// per-request set-up of <see cref="AuthenticationHandler{TOptions}"/> (logger, options and events) would buy nothing.
/// </summary>
internal sealed class BearerTokenHandler(BearerTokenValidator validator) : IAuthenticationHandler
{
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";

    private static readonly Task<AuthenticateResult> s_noResult = Task.FromResult(AuthenticateResult.NoResult());

    private HttpContext? _context;
    private Task<AuthenticateResult>? _result;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        _result = null;
        return Task.CompletedTask;
    }

    /// <summary>Authenticates once per request; later calls get the same result.</summary>
    public Task<AuthenticateResult> AuthenticateAsync() => _result ??= AuthenticateCoreAsync(Context);

    public Task ChallengeAsync(AuthenticationProperties? properties)
    {
        Context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        Context.Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
        return Task.CompletedTask;
    }

    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        Context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private HttpContext Context => _context ?? throw new InvalidOperationException("The handler was not initialized.");

    private Task<AuthenticateResult> AuthenticateCoreAsync(HttpContext context)
    {
        string? authorization = context.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return s_noResult;
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

    private async Task<AuthenticateResult> ValidateAsync(string token) =>
        await validator.ValidateAsync(token) is { } caller
            ? Success(caller)
            : AuthenticateResult.Fail("Invalid bearer token.");

    private static AuthenticateResult Success(AuthenticatedCaller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(caller.CreatePrincipal(), SchemeName));
}
