using System.Diagnostics;
using System.Globalization;
using GovOrleans.Bench.Grains;
using GovOrleans.Bench.Hosting;
using GovOrleans.Bench.Reporting;

namespace GovOrleans.Bench.Scenarios;

/// <summary>
/// Sequential latency of one grain call from outside any grain: one caller, one activated grain, each call
/// timed on its own with <see cref="Stopwatch.GetTimestamp"/> into a preallocated array.
/// </summary>
internal static class PingScenario
{
    public const double TargetMedianUs = 3.0;

    /// <summary>
    /// 200k calls take well under 100 ms here, less than tiered compilation needs to promote the call path
    /// to optimized code (the promotion waits for 100 ms without new tier-0 methods), so the warm-up is also timed.
    /// </summary>
    private static readonly TimeSpan MinWarmup = TimeSpan.FromSeconds(2);

    public static async Task<ScenarioResult> RunAsync(BenchOptions options, TextWriter log)
    {
        await using var silo = await BenchSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IPingGrain>(1);
        await grain.PingAsync(0); // activates it

        log.WriteLine($"ping: warm-up of at least {options.PingWarmupCalls:N0} calls and {MinWarmup.TotalSeconds:F0} s, "
            + $"then {options.PingCalls:N0} timed and {options.PingCalls:N0} untimed calls");
        var warmupStart = Stopwatch.GetTimestamp();
        var warmupCalls = 0;
        while (warmupCalls < options.PingWarmupCalls || Stopwatch.GetElapsedTime(warmupStart) < MinWarmup)
        {
            Check(await grain.PingAsync(warmupCalls), warmupCalls);
            warmupCalls++;
        }

        var samples = new long[options.PingCalls];
        var timerOverhead = MeasureTimerOverhead();
        using var sampler = options.AllocationProfile ? new AllocationSampler() : null;
        Quiesce();
        sampler?.Start();
        var before = ResourceSnapshot.Take();
        for (var i = 0; i < samples.Length; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var result = await grain.PingAsync(i);
            samples[i] = Stopwatch.GetTimestamp() - t0;
            Check(result, i);
        }

        var after = ResourceSnapshot.Take();
        sampler?.Stop();

        // The same calls without per-call timestamps: the runtime's cost alone.
        Quiesce();
        var untimedStart = Stopwatch.GetTimestamp();
        for (var i = 0; i < samples.Length; i++)
        {
            Check(await grain.PingAsync(i), i);
        }

        var untimedMeanUs = Stopwatch.GetElapsedTime(untimedStart).TotalMicroseconds / samples.Length;

        var meanUs = LatencySummary.ToMicroseconds(after.Timestamp - before.Timestamp) / samples.Length;
        var latency = LatencySummary.FromTicks(samples, samples.Length);
        var metrics = new List<Metric>(latency.ToMetrics())
        {
            new("latency_mean", meanUs, "µs"),
            new("untimed_mean", untimedMeanUs, "µs"),
            new("calls_per_s_single_caller", 1_000_000 / untimedMeanUs, "calls/s"),
            new("timer_overhead", timerOverhead, "ns"),
        };
        metrics.AddRange(after.Since(before, samples.Length, "call"));
        metrics.AddRange(sampler?.Top(samples.Length) ?? []);
        return new ScenarioResult(
            "ping",
            new Dictionary<string, string>
            {
                ["grains"] = "1",
                ["callers"] = "1 (sequential, outside any grain)",
                ["warmup_calls"] = warmupCalls.ToString(CultureInfo.InvariantCulture),
                ["timed_calls"] = options.PingCalls.ToString(CultureInfo.InvariantCulture),
                ["payload"] = "int in, int out",
            },
            Headline: "latency_p50",
            Target: $"≤ {TargetMedianUs} µs",
            TargetMet: latency.MedianUs <= TargetMedianUs,
            metrics);
    }

    private static void Check(int result, int expected)
    {
        if (result != expected)
        {
            throw new InvalidOperationException($"PingAsync({expected}) returned {result}.");
        }
    }

    /// <summary>Median of back-to-back timestamp pairs, in ns: what the timing itself adds to each sample.</summary>
    private static double MeasureTimerOverhead()
    {
        var pairs = new long[100_001];
        for (var i = 0; i < pairs.Length; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            pairs[i] = Stopwatch.GetTimestamp() - t0;
        }

        return LatencySummary.FromTicks(pairs, pairs.Length).MedianUs * 1000;
    }

    private static void Quiesce()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
