using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GovOrleans.Gateway.Tests;

/// <summary>
/// The gateway with its co-hosted silo, in Development (seeded sample municipality, development token issuer), on the
/// storage the settings name. Extra settings override appsettings.
/// </summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>A gateway on a PostgreSQL database.</summary>
    public static GatewayFactory ForPostgres(string connectionString, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Platform:Storage:Provider"] = "Postgres",
            ["Platform:Storage:ConnectionString"] = connectionString,
            ["CitizenEvents:HeartbeatSeconds"] = "1",
            ["RateLimiting:Enabled"] = "false",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new GatewayFactory(settings);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client with a bearer token of a demo user (password grant, password "demo").</summary>
    public async Task<HttpClient> AsUserAsync(string username)
    {
        var token = await TokenAsync($"user:{username}", [new("grant_type", "password"), new("username", username), new("password", "demo")]);
        return WithToken(token);
    }

    /// <summary>A client with a bearer token of a department-system client.</summary>
    public async Task<HttpClient> AsClientAsync(string clientId, string secret)
    {
        var token = await TokenAsync($"client:{clientId}", [new("grant_type", "client_credentials"), new("client_id", clientId), new("client_secret", secret)]);
        return WithToken(token);
    }

    /// <summary>A client sending <paramref name="token"/> as is.</summary>
    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<string> TokenAsync(string cacheKey, KeyValuePair<string, string>[] form)
    {
        if (_tokens.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        using var client = Anonymous();
        using var response = await client.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(form));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("access_token").GetString()!;
        _tokens[cacheKey] = token;
        return token;
    }
}
