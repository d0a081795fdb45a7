using System.Diagnostics;
using System.Globalization;
using GovOrleans.Bench.Grains;
using GovOrleans.Bench.Hosting;
using GovOrleans.Bench.Reporting;

namespace GovOrleans.Bench.Scenarios;

/// <summary>
/// Aggregate call rate: N concurrent callers outside any grain, each calling pseudo-randomly chosen grains
/// among M already-activated ones, for a fixed window after a warm-up.
/// </summary>
internal static class ThroughputScenario
{
    public const double TargetCallsPerSecond = 1_000_000;

    /// <summary>A caller yields to the thread pool after this many calls, so all callers really interleave.</summary>
    public const int YieldEvery = 1024;

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    public static async Task<ScenarioResult> RunAsync(BenchOptions options, TextWriter log)
    {
        await using var silo = await BenchSilo.StartAsync();
        var grains = new IPingGrain[options.Grains];
        for (var i = 0; i < grains.Length; i++)
        {
            grains[i] = silo.GrainFactory.GetGrain<IPingGrain>(1_000_000 + i);
        }

        var activationStart = Stopwatch.GetTimestamp();
        for (var i = 0; i < grains.Length; i++)
        {
            await grains[i].PingAsync(i);
        }

        var activationSeconds = Stopwatch.GetElapsedTime(activationStart).TotalSeconds;
        log.WriteLine($"throughput: activated {grains.Length:N0} grains in {activationSeconds:F2} s; "
            + $"{options.Callers} callers, {Warmup.TotalSeconds:F0} s warm-up, {options.DurationSeconds} s measured");

        using var sampler = options.AllocationProfile ? new AllocationSampler() : null;
        var scaling = CpuScaling.Measure();
        var window = new TimedWindow(options.Callers);
        var outcome = await window.RunAsync(
            caller => CallerAsync(caller, grains, window),
            Warmup,
            TimeSpan.FromSeconds(options.DurationSeconds),
            sampler);

        var metrics = new List<Metric>
        {
            new("calls_per_s", outcome.PerSecond, "calls/s"),
            new("calls_measured", outcome.Operations, "calls"),
            new("window", outcome.Seconds, "s"),
            new("activations_per_s", grains.Length / activationSeconds, "activations/s"),
            new("threadpool_threads", ThreadPool.ThreadCount, "threads"),
            new("cpu_parallel_scaling", scaling, "x one thread (ALU loop, just before the window)"),
        };
        metrics.AddRange(outcome.End.Since(outcome.Start, outcome.Operations, "call"));
        metrics.AddRange(sampler?.Top(outcome.Operations) ?? []);
        return new ScenarioResult(
            "throughput",
            new Dictionary<string, string>
            {
                ["grains"] = grains.Length.ToString(CultureInfo.InvariantCulture),
                ["callers"] = options.Callers.ToString(CultureInfo.InvariantCulture),
                ["selection"] = "xorshift pseudo-random per caller",
                ["warmup_s"] = Warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                ["measured_s"] = options.DurationSeconds.ToString(CultureInfo.InvariantCulture),
                ["yield_every"] = YieldEvery.ToString(CultureInfo.InvariantCulture),
                ["payload"] = "int in, int out",
            },
            Headline: "calls_per_s",
            Target: $"≥ {TargetCallsPerSecond:N0} calls/s",
            TargetMet: outcome.PerSecond >= TargetCallsPerSecond,
            metrics);
    }

    private static async Task CallerAsync(int caller, IPingGrain[] grains, TimedWindow window)
    {
        var random = (uint)(caller + 1) * 2_654_435_761u;
        var count = (uint)grains.Length;
        var calls = 0;
        while (!window.Stopping)
        {
            random ^= random << 13;
            random ^= random >> 17;
            random ^= random << 5;
            var result = await grains[random % count].PingAsync(calls);
            if (result != calls)
            {
                throw new InvalidOperationException($"PingAsync({calls}) returned {result}.");
            }

            window.Increment(caller);
            if (++calls % YieldEvery == 0)
            {
                await Task.Yield();
            }
        }
    }
}
