using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GovOrleans.Gateway.Auth;

/// <summary><c>POST /api/v1/auth/token</c>: the development identity provider (404 unless enabled).</summary>
internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth").AllowAnonymous();
        group.MapPost("/token", IssueTokenAsync)
            .WithName("IssueToken")
            .WithSummary("Development identity provider: password grant for demo users, client_credentials for department systems.")
            .Accepts<TokenRequest>("application/x-www-form-urlencoded", "application/json")
            .DisableAntiforgery();
        return group;
    }

    internal static async Task<Results<Ok<TokenResponse>, NotFound, ValidationProblem, ProblemHttpResult, StatusCodeHttpResult>> IssueTokenAsync(
        HttpRequest request, DevelopmentTokenIssuer issuer, CancellationToken ct)
    {
        if (!issuer.Enabled)
        {
            return TypedResults.NotFound();
        }

        TokenRequest? body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            body = new TokenRequest(form["grant_type"], form["username"], form["password"], form["client_id"], form["client_secret"]);
        }
        else if (request.HasJsonContentType())
        {
            body = await request.ReadFromJsonAsync<TokenRequest>(ct) ?? throw new JsonException("Empty body.");
        }
        else
        {
            return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        TokenResponse? token;
        switch (body.GrantType)
        {
            case "password" when !string.IsNullOrEmpty(body.Username) && body.Password is not null:
                token = issuer.IssueForUser(body.Username, body.Password);
                break;
            case "client_credentials" when !string.IsNullOrEmpty(body.ClientId) && body.ClientSecret is not null:
                token = issuer.IssueForClient(body.ClientId, body.ClientSecret);
                break;
            case "password":
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["username"] = ["username and password are required."] });
            case "client_credentials":
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["client_id"] = ["client_id and client_secret are required."] });
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["grant_type"] = ["Use 'password' or 'client_credentials'."] });
        }

        return token is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials.", detail: "The credentials were not accepted.")
            : TypedResults.Ok(token);
    }
}
