using System.Net;
using System.Text.Json;
using GovOrleans.Gateway.RateLimiting;

namespace GovOrleans.Gateway.Tests.RateLimiting;

public sealed class AdaptiveRateLimitingTests
{
    [Fact]
    public async Task PerUser_BucketExhausted_RejectsThatUserOnly()
    {
        await using var host = await RateLimitingHost.StartAsync(new() { ["RateLimiting:PerUser:TokenLimit"] = "3" });

        Assert.Equal(3, await host.CountAdmittedAsync(5, "/api/items/1", "alice"));
        using var rejected = await host.GetAsync("/api/other", "alice");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);

        Assert.Equal(3, await host.CountAdmittedAsync(3, "/api/items/1", "bob"));
    }

    [Fact]
    public async Task PerUser_AnonymousCallers_ShareTheClientAddressBucket()
    {
        await using var host = await RateLimitingHost.StartAsync(new() { ["RateLimiting:PerUser:TokenLimit"] = "2" });

        Assert.Equal(2, await host.CountAdmittedAsync(4, "/api/other", user: null));
        Assert.Equal(2, await host.CountAdmittedAsync(2, "/api/other", "carol"));
    }

    [Fact]
    public async Task PerEndpoint_BucketExhausted_RejectsThatRouteOnly()
    {
        await using var host = await RateLimitingHost.StartAsync(new() { ["RateLimiting:PerEndpoint:TokenLimit"] = "2" });

        // Different ids and users still hit the same route pattern, so they share one bucket.
        using (var first = await host.GetAsync("/api/items/1", "alice"))
        using (var second = await host.GetAsync("/api/items/2", "bob"))
        using (var third = await host.GetAsync("/api/items/3", "carol"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        }

        using var other = await host.GetAsync("/api/other", "carol");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Global_BucketExhausted_RejectsEveryUserAndRoute()
    {
        await using var host = await RateLimitingHost.StartAsync(new() { ["RateLimiting:Global:TokenLimit"] = "3" });

        Assert.Equal(1, await host.CountAdmittedAsync(1, "/api/items/1", "alice"));
        Assert.Equal(1, await host.CountAdmittedAsync(1, "/api/other", "bob"));
        Assert.Equal(1, await host.CountAdmittedAsync(1, "/api/items/2", "carol"));
        Assert.Equal(0, await host.CountAdmittedAsync(2, "/api/other", "dave"));
    }

    [Fact]
    public async Task Rejection_Always_Returns429ProblemWithRetryAfter()
    {
        await using var host = await RateLimitingHost.StartAsync(new()
        {
            ["RateLimiting:PerUser:TokenLimit"] = "1",
            ["RateLimiting:PerUser:ReplenishmentPeriod"] = "00:00:30",
        });
        using var admitted = await host.GetAsync("/api/items/1", "subject-42");
        using var rejected = await host.GetAsync("/api/items/1", "subject-42");

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        var retryAfter = Assert.Single(rejected.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 30);

        var body = await rejected.Content.ReadAsStringAsync();
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("traceId").GetString()));
        Assert.Contains("per-user", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("subject-42", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthAndMetrics_WhenLimitsExhausted_StayReachable()
    {
        await using var host = await RateLimitingHost.StartAsync(new() { ["RateLimiting:Global:TokenLimit"] = "1" });
        Assert.Equal(1, await host.CountAdmittedAsync(2, "/api/other", "alice"));

        Assert.Equal(3, await host.CountAdmittedAsync(3, "/health/live", "alice"));
        Assert.Equal(3, await host.CountAdmittedAsync(3, "/metrics", user: null));
    }

    [Fact]
    public async Task Adaptive_LoadAboveWatermark_TightensThenRelaxesStepwise()
    {
        await using var host = await RateLimitingHost.StartAsync(new()
        {
            ["RateLimiting:PerUser:TokenLimit"] = "8",
            ["RateLimiting:MailboxHighWatermark"] = "100",
            ["RateLimiting:TightenFactor"] = "0.25",
            ["RateLimiting:RecoveryStep"] = "0.25",
            ["RateLimiting:RecoveryDelay"] = "00:00:10",
            ["RateLimiting:SampleInterval"] = "00:00:01",
        });
        Assert.Equal(8, await host.CountAdmittedAsync(10, "/api/other", "calm-user"));

        host.Load.Signal = new LoadSignal(MailboxLength: 150, CallLatencyP95Ms: 0);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0.25, host.Controller.Factor);
        Assert.Equal(2, await host.CountAdmittedAsync(4, "/api/other", "pressured-user"));

        // Calm again: one step per calm recovery delay, not all at once.
        host.Load.Signal = new LoadSignal(MailboxLength: 10, CallLatencyP95Ms: 0);
        host.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0.25, host.Controller.Factor);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0.5, host.Controller.Factor);
        Assert.Equal(4, await host.CountAdmittedAsync(6, "/api/other", "recovering-user"));
        host.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0.75, host.Controller.Factor);
        host.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1.0, host.Controller.Factor);
        Assert.Equal(8, await host.CountAdmittedAsync(10, "/api/other", "recovered-user"));
    }

    [Fact]
    public async Task Adaptive_LatencyAboveWatermark_Tightens_AndRenewedPressureRestartsRecovery()
    {
        await using var host = await RateLimitingHost.StartAsync(new()
        {
            ["RateLimiting:LatencyHighWatermarkMs"] = "200",
            ["RateLimiting:TightenFactor"] = "0.25",
            ["RateLimiting:RecoveryDelay"] = "00:00:05",
        });

        host.Load.Signal = new LoadSignal(0, CallLatencyP95Ms: 450);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0.25, host.Controller.Factor);

        host.Load.Signal = new LoadSignal(0, 50);
        host.Time.Advance(TimeSpan.FromSeconds(4));
        host.Load.Signal = new LoadSignal(0, 300);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        host.Load.Signal = new LoadSignal(0, 50);
        host.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0.25, host.Controller.Factor);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0.5, host.Controller.Factor);
    }
}
