using System.Diagnostics;

namespace GovOrleans.Bench.Reporting;

/// <summary>Nearest-rank percentiles of Stopwatch-tick samples, in microseconds.</summary>
internal sealed record LatencySummary(int Count, double MedianUs, double P90Us, double P99Us, double P999Us, double MaxUs)
{
    /// <summary>Summarises the first <paramref name="count"/> samples; sorts them in place.</summary>
    public static LatencySummary FromTicks(long[] samples, int count)
    {
        ArgumentOutOfRangeException.ThrowIfZero(count);
        var span = samples.AsSpan(0, count);
        span.Sort();
        return new LatencySummary(
            count,
            ToMicroseconds(Rank(span, 0.50)),
            ToMicroseconds(Rank(span, 0.90)),
            ToMicroseconds(Rank(span, 0.99)),
            ToMicroseconds(Rank(span, 0.999)),
            ToMicroseconds(span[^1]));
    }

    public static double ToMicroseconds(double ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    /// <summary>The samples as metrics named <c>{prefix}latency_p50</c> and so on.</summary>
    public IEnumerable<Metric> ToMetrics(string prefix = "")
    {
        yield return new Metric(prefix + "latency_p50", MedianUs, "µs");
        yield return new Metric(prefix + "latency_p90", P90Us, "µs");
        yield return new Metric(prefix + "latency_p99", P99Us, "µs");
        yield return new Metric(prefix + "latency_p99.9", P999Us, "µs");
        yield return new Metric(prefix + "latency_max", MaxUs, "µs");
    }

    private static long Rank(ReadOnlySpan<long> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
