using System.Net;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Auth;

/// <summary>With <c>Auth:DevelopmentIssuer:Enabled=false</c> the token endpoint does not exist; tokens of the trusted key still work.</summary>
public sealed class DevelopmentIssuerDisabledTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    protected override (string Key, string? Value)[] ExtraSettings => [("Auth:DevelopmentIssuer:Enabled", "false")];

    [Fact]
    public async Task Token_IssuerDisabled_Returns404Problem()
    {
        using var client = Gateway.Anonymous();
        using var response = await client.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(
            [new("grant_type", "password"), new("username", "anna"), new("password", "demo")]));
        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bearer_TokenOfTrustedKey_StillAccepted()
    {
        using var client = Gateway.WithToken(TestTokens.Create("anna", ["citizen"]));
        using var response = await client.GetAsync("/api/v1/citizens/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
