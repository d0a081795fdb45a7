using System.Diagnostics.Metrics;
using GovOrleans.Gateway.RateLimiting;
using GovOrleans.Runtime.Diagnostics;
using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Tests.RateLimiting;

public sealed class RuntimeLoadMonitorTests
{
    [Fact]
    public void Sample_GrainCallDurations_ReportsRecentP95AndForgetsOldCalls()
    {
        var time = new FakeTimeProvider();
        var options = Options.Create(new RateLimitingOptions { LatencyWindow = TimeSpan.FromSeconds(10) });
        var mailbox = 7L;
        using var monitor = new RuntimeLoadMonitor(options, time, () => mailbox);
        // A meter of the runtime's name stands in for grain calls: the monitor subscribes by meter and instrument name.
        using var meter = new Meter(RuntimeTelemetry.MeterName);
        var duration = meter.CreateHistogram<double>(RuntimeLoadMonitor.CallDurationInstrument, "ms");

        for (var i = 1; i <= 100; i++)
        {
            duration.Record(i);
        }

        var loaded = monitor.Sample();
        Assert.Equal(7, loaded.MailboxLength);
        Assert.Equal(95, loaded.CallLatencyP95Ms);

        time.Advance(TimeSpan.FromSeconds(11));
        duration.Record(3);
        Assert.Equal(3, monitor.Sample().CallLatencyP95Ms);

        time.Advance(TimeSpan.FromSeconds(11));
        mailbox = 0;
        Assert.Equal(new LoadSignal(0, 0), monitor.Sample());
    }

    [Fact]
    public void Validate_SeveralInvalidSettings_ReportsEveryFailure()
    {
        var options = new RateLimitingOptions
        {
            TightenFactor = 0.25,
            PerUser = new TokenBucketSettings { TokenLimit = 2, TokensPerPeriod = 1 },
            PerEndpoint = new TokenBucketSettings { TokenLimit = 0, TokensPerPeriod = 1 },
            Global = new TokenBucketSettings { TokenLimit = 10, TokensPerPeriod = 20, ReplenishmentPeriod = TimeSpan.Zero },
            SampleInterval = TimeSpan.Zero,
        };

        var result = new RateLimitingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("PerUser:TokenLimit × TightenFactor", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("PerEndpoint:TokenLimit", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Global:TokensPerPeriod", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Global:ReplenishmentPeriod", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("SampleInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Succeeds() =>
        Assert.True(new RateLimitingOptionsValidator().Validate(null, new RateLimitingOptions()).Succeeded);
}
