using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Auth;

/// <summary>The development token endpoint and bearer validation.</summary>
public sealed class AuthEndpointsTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    [Fact]
    public async Task Token_PasswordGrant_ReturnsBearerTokenWithRoleAndDepartment()
    {
        using var client = Gateway.Anonymous();
        using var response = await client.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(
            [new("grant_type", "password"), new("username", "carla"), new("password", "demo")]));
        var body = await Problems.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("carla", jwt.Subject);
        Assert.Equal("permits", jwt.GetClaim("department").Value);
        Assert.Contains(jwt.Claims, c => c.Type == "role" && c.Value == "caseworker");
    }

    [Fact]
    public async Task Token_ClientCredentialsAsJson_ReturnsScopes()
    {
        using var client = Gateway.Anonymous();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "permits-system",
            ["client_secret"] = "permits-system-secret",
        });
        var body = await Problems.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
        Assert.Equal("cases.read cases.transition catalogue.read", body.GetProperty("scope").GetString());
    }

    [Theory]
    [InlineData("password", "anna", "wrong")]
    [InlineData("password", "nobody", "demo")]
    [InlineData("client_credentials", "permits-system", "wrong")]
    public async Task Token_WrongCredentials_Returns401Problem(string grant, string name, string secret)
    {
        using var client = Gateway.Anonymous();
        var form = grant == "password"
            ? new Dictionary<string, string> { ["grant_type"] = grant, ["username"] = name, ["password"] = secret }
            : new Dictionary<string, string> { ["grant_type"] = grant, ["client_id"] = name, ["client_secret"] = secret };
        using var response = await client.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(form));
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(name, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_UnknownGrant_Returns400()
    {
        using var client = Gateway.Anonymous();
        using var response = await client.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent([new("grant_type", "implicit")]));
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Token_PlainText_Returns415()
    {
        using var client = Gateway.Anonymous();
        using var response = await client.PostAsync("/api/v1/auth/token", new StringContent("grant_type=password", Encoding.UTF8, "text/plain"));
        await Problems.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Bearer_ExpiredToken_Returns401()
    {
        using var client = Gateway.WithToken(TestTokens.Create("anna", ["citizen"], expires: DateTime.UtcNow.AddMinutes(-5)));
        using var response = await client.GetAsync("/api/v1/citizens/me");
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bearer_WrongIssuerOrAudience_Returns401()
    {
        using var wrongIssuer = Gateway.WithToken(TestTokens.Create("anna", ["citizen"], issuer: "someone-else"));
        await Problems.AssertProblemAsync(await wrongIssuer.GetAsync("/api/v1/citizens/me"), HttpStatusCode.Unauthorized);
        using var wrongAudience = Gateway.WithToken(TestTokens.Create("anna", ["citizen"], audience: "another-api"));
        await Problems.AssertProblemAsync(await wrongAudience.GetAsync("/api/v1/citizens/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bearer_GarbageOrBadSubject_Returns401()
    {
        using var garbage = Gateway.WithToken("not.a.jwt");
        await Problems.AssertProblemAsync(await garbage.GetAsync("/api/v1/citizens/me"), HttpStatusCode.Unauthorized);
        using var badSubject = Gateway.WithToken(TestTokens.Create("anna/../ben", ["citizen"]));
        await Problems.AssertProblemAsync(await badSubject.GetAsync("/api/v1/citizens/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bearer_ValidHandMadeToken_MapsClaimsToActor()
    {
        using var client = Gateway.WithToken(TestTokens.Create("carla", ["caseworker"], department: "permits"));
        using var response = await client.GetAsync("/api/v1/departments/permits/queue");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
