using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Health;

/// <summary>Anonymous routes: health, OpenAPI document, landing page.</summary>
public sealed class HealthEndpointsTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    [Fact]
    public async Task Live_Returns200()
    {
        using var client = Gateway.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Ready_SiloStartedAndPostgresReachable_Returns200()
    {
        using var client = Gateway.Anonymous();
        var body = await client.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Postgres", body.GetProperty("checks").GetProperty("storage").GetProperty("description").GetString());
    }

    [Fact]
    public async Task OpenApi_ListsTheRoutesAndBearerScheme()
    {
        using var client = Gateway.Anonymous();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/cases", "/api/v1/cases/{id}", "/api/v1/cases/{id}/transitions", "/api/v1/citizens/me/events", "/api/v1/auth/token" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
        }

        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
    }

    [Fact]
    public async Task Landing_ExplainsAndLinks()
    {
        using var client = Gateway.Anonymous();
        using var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/openapi/v1.json", html, StringComparison.Ordinal);
        Assert.Contains("/health/ready", html, StringComparison.Ordinal);
        Assert.Contains("/api/v1/auth/token", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        using var client = Gateway.Anonymous();
        await Problems.AssertProblemAsync(await client.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound);
    }
}
