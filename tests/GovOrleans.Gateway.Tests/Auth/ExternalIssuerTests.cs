using System.Net;
using System.Security.Cryptography;
using GovOrleans.Runtime.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GovOrleans.Gateway.Tests.Auth;

/// <summary>Production shape: no development key, only the external issuer's PEM public keys (RS256 and ES256).</summary>
public sealed class ExternalIssuerTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    private static readonly RSA s_rsa = RSA.Create(2048);
    private static readonly ECDsa s_ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    protected override (string Key, string? Value)[] ExtraSettings =>
    [
        ("Auth:Issuer", "https://login.example.org"),
        ("Auth:SymmetricKey", ""),
        ("Auth:DevelopmentIssuer:Enabled", "false"),
        ("Auth:PublicKeysPem:0", s_rsa.ExportSubjectPublicKeyInfoPem()),
        ("Auth:PublicKeysPem:1", s_ec.ExportSubjectPublicKeyInfoPem()),
    ];

    [Fact]
    public async Task Bearer_Rs256AndEs256FromExternalIssuer_Accepted()
    {
        foreach (var credentials in new[]
        {
            new SigningCredentials(new RsaSecurityKey(s_rsa), SecurityAlgorithms.RsaSha256),
            new SigningCredentials(new ECDsaSecurityKey(s_ec), SecurityAlgorithms.EcdsaSha256),
        })
        {
            using var client = Gateway.WithToken(Sign(credentials));
            using var response = await client.GetAsync("/api/v1/citizens/me");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Bearer_DevelopmentKeyNotTrusted_Returns401()
    {
        using var client = Gateway.WithToken(TestTokens.Create("anna", ["citizen"], issuer: "https://login.example.org"));
        await Problems.AssertProblemAsync(await client.GetAsync("/api/v1/citizens/me"), HttpStatusCode.Unauthorized);
    }

    private static string Sign(SigningCredentials credentials) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "https://login.example.org",
        Audience = "govorleans-api",
        Claims = new Dictionary<string, object> { ["sub"] = "anna", ["role"] = new[] { "citizen" } },
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = credentials,
    });
}
