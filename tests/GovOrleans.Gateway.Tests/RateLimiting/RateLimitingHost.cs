using GovOrleans.Gateway.RateLimiting;
using GovOrleans.Runtime.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Gateway.Tests.RateLimiting;

/// <summary>
/// A minimal app with only the rate-limiting middleware, a header authentication scheme and dummy endpoints;
/// the load signal and the clock belong to the test.
/// </summary>
internal sealed class RateLimitingHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RateLimitingHost(WebApplication app, FakeTimeProvider time, FakeLoadMonitor load)
    {
        _app = app;
        Time = time;
        Load = load;
        Client = app.GetTestClient();
    }

    public FakeTimeProvider Time { get; }

    public FakeLoadMonitor Load { get; }

    public HttpClient Client { get; }

    public AdaptiveLimitController Controller => _app.Services.GetRequiredService<AdaptiveLimitController>();

    public static async Task<RateLimitingHost> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        // Long refill periods keep the real-time token refill out of every test's window.
        var defaults = new Dictionary<string, string?>
        {
            ["RateLimiting:Global:TokenLimit"] = "10000",
            ["RateLimiting:Global:TokensPerPeriod"] = "1",
            ["RateLimiting:Global:ReplenishmentPeriod"] = "01:00:00",
            ["RateLimiting:PerUser:TokenLimit"] = "10000",
            ["RateLimiting:PerUser:TokensPerPeriod"] = "1",
            ["RateLimiting:PerUser:ReplenishmentPeriod"] = "01:00:00",
            ["RateLimiting:PerEndpoint:TokenLimit"] = "10000",
            ["RateLimiting:PerEndpoint:TokensPerPeriod"] = "1",
            ["RateLimiting:PerEndpoint:ReplenishmentPeriod"] = "01:00:00",
            // No tightening unless a test asks for it: tiny buckets are only valid when a request costs one token.
            ["RateLimiting:TightenFactor"] = "1",
        };
        foreach (var (key, value) in settings)
        {
            defaults[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(defaults);
        var time = new FakeTimeProvider();
        var load = new FakeLoadMonitor();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IClusterLoadMonitor>(load);
        builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
        builder.Services.AddAdaptiveRateLimiting(builder.Configuration);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAdaptiveRateLimiting();
        app.MapGet("/api/items/{id}", (string id) => id);
        app.MapGet("/api/other", () => "other");
        app.MapGet("/health/live", () => "healthy");
        app.MapGet("/metrics", () => "# metrics");
        await app.StartAsync();
        return new RateLimitingHost(app, time, load);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? user = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.Add("X-Test-User", user);
        }

        return Client.SendAsync(request);
    }

    /// <summary>Sends <paramref name="count"/> requests and returns how many were admitted.</summary>
    public async Task<int> CountAdmittedAsync(int count, string path, string? user)
    {
        var admitted = 0;
        for (var i = 0; i < count; i++)
        {
            using var response = await GetAsync(path, user);
            admitted += response.IsSuccessStatusCode ? 1 : 0;
        }

        return admitted;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
