using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using GovOrleans.Gateway.Observability;
using GovOrleans.GrainInterfaces.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Tests.Observability;

public sealed class PrometheusMetricsTests : IDisposable
{
    private const string ScrapeToken = "scrape-token-for-tests-0123456789abcdef";

    // Unique instrument names keep parallel tests (and their listeners) from seeing each other's series.
    private readonly string _prefix = "test" + Guid.NewGuid().ToString("N")[..8];
    private readonly Meter _meter = new("GovOrleans.Test");
    private readonly PrometheusMetricsCollector _collector = new();

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Scrape_Counter_ReportsTotalsPerLabelSetWithHelpAndType()
    {
        var calls = _meter.CreateCounter<long>($"{_prefix}.grain.calls", description: "Grain calls served.");
        calls.Add(3, new("grain.type", "case"), new("method", "GetAsync"));
        calls.Add(4, new("method", "GetAsync"), new("grain.type", "case"));
        calls.Add(1, new("grain.type", "citizen"), new("method", "GetAsync"));

        var text = PrometheusText.Parse(_collector.Scrape());

        var name = $"{_prefix}_grain_calls_total";
        Assert.Equal("counter", text.Types[name]);
        Assert.Equal("Grain calls served.", text.Help[name]);
        Assert.Equal(7, text.Value(name, ("grain_type", "case"), ("method", "GetAsync")));
        Assert.Equal(1, text.Value(name, ("grain_type", "citizen"), ("method", "GetAsync")));
    }

    [Fact]
    public void Scrape_Histogram_HasMonotonicCumulativeBucketsSumAndCount()
    {
        var duration = _meter.CreateHistogram<double>($"{_prefix}.grain.call.duration", "ms", "Grain call latency.");
        double[] values = [0.2, 3, 3, 7, 40, 40, 40, 900, 20_000];
        foreach (var value in values)
        {
            duration.Record(value, new KeyValuePair<string, object?>("grain.type", "case"));
        }

        var text = PrometheusText.Parse(_collector.Scrape());

        var name = $"{_prefix}_grain_call_duration_milliseconds";
        Assert.Equal("histogram", text.Types[name]);
        var buckets = text.Samples.Where(s => s.Name == name + "_bucket").ToList();
        Assert.Equal(PrometheusMetricsCollector.MillisecondBounds.Length + 1, buckets.Count);
        var bounds = buckets.Select(b => b.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(b.Labels["le"], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(bounds.Order(), bounds);
        Assert.True(buckets.Zip(buckets.Skip(1)).All(pair => pair.First.Value <= pair.Second.Value), "bucket counts must not decrease");
        Assert.Equal(1, text.Value(name + "_bucket", ("grain_type", "case"), ("le", "0.5")));
        Assert.Equal(4, text.Value(name + "_bucket", ("grain_type", "case"), ("le", "10")));
        Assert.Equal(8, text.Value(name + "_bucket", ("grain_type", "case"), ("le", "1000")));
        Assert.Equal(values.Length, text.Value(name + "_bucket", ("grain_type", "case"), ("le", "+Inf")));
        Assert.Equal(values.Length, text.Value(name + "_count", ("grain_type", "case")));
        Assert.Equal(values.Sum(), text.Value(name + "_sum", ("grain_type", "case")), precision: 6);
    }

    [Fact]
    public void Scrape_LabelValuesWithQuotesBackslashesAndNewlines_AreEscaped()
    {
        var counter = _meter.CreateCounter<int>($"{_prefix}.escapes", description: "Line one\nback\\slash");
        const string Awkward = "say \"hi\"\\now\nnext";
        counter.Add(1, new KeyValuePair<string, object?>("odd.tag-name", Awkward));

        var raw = _collector.Scrape();
        var text = PrometheusText.Parse(raw);

        var name = $"{_prefix}_escapes_total";
        Assert.Contains($"{name}{{odd_tag_name=\"say \\\"hi\\\"\\\\now\\nnext\"}} 1\n", raw, StringComparison.Ordinal);
        Assert.Equal(1, text.Value(name, ("odd_tag_name", Awkward)));
        Assert.Equal("Line one\\nback\\\\slash", text.Help[name]);
    }

    [Fact]
    public void Scrape_ObservableAndUpDownInstruments_AreCollectedOnScrape()
    {
        var polls = 0;
        _meter.CreateObservableGauge($"{_prefix}.mailbox.length", () =>
        {
            polls++;
            return 42L;
        });
        var active = _meter.CreateUpDownCounter<long>($"{_prefix}.activations", "{activation}");
        active.Add(5);
        active.Add(-2);

        var text = PrometheusText.Parse(_collector.Scrape());

        Assert.True(polls >= 1);
        Assert.Equal("gauge", text.Types[$"{_prefix}_mailbox_length"]);
        Assert.Equal(42, text.Value($"{_prefix}_mailbox_length"));
        Assert.Equal("gauge", text.Types[$"{_prefix}_activations"]);
        Assert.Equal(3, text.Value($"{_prefix}_activations"));
    }

    [Fact]
    public void Scrape_MetersOutsideThePlatform_AreNotExported()
    {
        using var foreign = new Meter("Contoso.Unrelated");
        foreign.CreateCounter<long>($"{_prefix}.foreign").Add(1);

        Assert.DoesNotContain($"{_prefix}_foreign", _collector.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsEndpoint_Get_ServesTextFormatWithPlatformAndAspNetCoreMeters()
    {
        await using var app = await StartMetricsAppAsync(caller: null, loopback: false);
        using var client = app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ScrapeToken);
        _meter.CreateCounter<long>($"{_prefix}.scraped").Add(2);

        using var response = await client.GetAsync("/metrics");

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, text.Value($"{_prefix}_scraped_total"));
        // The scrape itself is an active request of the hosting meter.
        Assert.Equal("gauge", text.Types["http_server_active_requests"]);
        await app.StopAsync();
    }

    [Theory]
    [InlineData(null, false, null, HttpStatusCode.Unauthorized)]
    [InlineData(null, false, "not-the-scrape-token-but-just-as-long-0000", HttpStatusCode.Unauthorized)]
    [InlineData(null, false, ScrapeToken, HttpStatusCode.OK)]
    [InlineData(null, true, null, HttpStatusCode.OK)]
    [InlineData(Roles.Caseworker, false, null, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Citizen, false, null, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Operator, false, null, HttpStatusCode.OK)]
    public async Task MetricsEndpoint_OnlyOperatorsScrapersAndLoopback_MayRead(string? role, bool loopback, string? token, HttpStatusCode expected)
    {
        await using var app = await StartMetricsAppAsync(role, loopback);
        using var client = app.GetTestClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("http_server", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MetricsEndpoint_LoopbackCallerWithoutAllowLoopback_IsRefused()
    {
        // Behind a same-host proxy every caller is loopback: the production default must not trust that.
        await using var app = await StartMetricsAppAsync(caller: null, loopback: true, allowLoopback: false);
        using var client = app.GetTestClient();

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void MetricsOptions_ShortScrapeToken_FailsValidation()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Metrics:ScrapeToken"] = "short";
        builder.Services.AddPrometheusMetrics();
        using var app = builder.Build();

        Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<MetricsEndpointOptions>>().Value);
    }

    /// <summary>A bare app with the metrics endpoint; the caller's role and address are set by a middleware in place of authentication.</summary>
    private static async Task<WebApplication> StartMetricsAppAsync(string? caller, bool loopback, bool allowLoopback = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration["Metrics:ScrapeToken"] = ScrapeToken;
        builder.Configuration["Metrics:AllowLoopback"] = allowLoopback ? "true" : "false";
        builder.Services.AddPrometheusMetrics();
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Connection.RemoteIpAddress = loopback ? IPAddress.Loopback : IPAddress.Parse("10.1.2.3");
            if (caller is not null)
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, caller)], "test"));
            }

            return next(context);
        });
        app.MapPrometheusMetrics();
        await app.StartAsync();
        return app;
    }
}
