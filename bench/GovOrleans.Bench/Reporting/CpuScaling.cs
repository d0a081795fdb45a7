using System.Diagnostics;

namespace GovOrleans.Bench.Reporting;

/// <summary>
/// How much a second thread adds on this machine right now: an ALU-only loop (no memory traffic) run on one
/// thread, then on one thread per CPU at once. About 2.0 on two idle cores; near 1.0 when the virtual CPUs
/// share a physical core or the host is busy, which caps any multi-threaded figure no matter the code.
/// </summary>
internal static class CpuScaling
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(300);

    public static double Measure()
    {
        var single = Spin(Slice);
        var threads = Environment.ProcessorCount;
        var totals = new long[threads];
        var workers = Enumerable.Range(0, threads)
            .Select(i => new Thread(() => totals[i] = Spin(Slice)) { IsBackground = true })
            .ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        return (double)totals.Sum() / single;
    }

    private static long Spin(TimeSpan duration)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var x = 0x9E3779B9u;
        long rounds = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            for (var i = 0; i < 4096; i++)
            {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
            }

            rounds++;
        }

        return x == 0 ? -1 : rounds;
    }
}
