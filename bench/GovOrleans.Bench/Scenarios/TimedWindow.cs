using GovOrleans.Bench.Reporting;

namespace GovOrleans.Bench.Scenarios;

/// <summary>
/// Drives a fixed-duration run of concurrent caller loops: a warm-up, then a measured window, then stop.
/// Each caller counts its own completed operations in a padded slot (single writer, no interlocked);
/// a dedicated thread (not the thread pool the callers load) takes the snapshots at the window's edges.
/// </summary>
internal sealed class TimedWindow(int callers)
{
    private const int Stride = 16; // 128 bytes between counters: callers never share a cache line
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly long[] _counts = new long[(callers + 1) * Stride];
    private volatile bool _measuring;
    private volatile bool _stopping;

    /// <summary>True from the end of the warm-up until the end of the measured window.</summary>
    public bool Measuring => _measuring;

    /// <summary>Set at the end of the measured window; every caller loop must then return.</summary>
    public bool Stopping => _stopping;

    public void Increment(int caller) => _counts[(caller + 1) * Stride]++;

    /// <summary>Starts the callers, runs the warm-up and the measured window, stops the callers and waits for them.</summary>
    /// <param name="caller">One caller loop, given its index; it must return soon after <see cref="Stopping"/> is set.</param>
    /// <param name="warmup">Time before the window opens.</param>
    /// <param name="duration">The measured window.</param>
    /// <param name="sampler">Attributes allocations to types inside the window, when given.</param>
    /// <param name="atEdge">Runs on the timing thread right after each snapshot (true at the start, false at the end).</param>
    public async Task<Outcome> RunAsync(
        Func<int, Task> caller, TimeSpan warmup, TimeSpan duration, AllocationSampler? sampler = null, Action<bool>? atEdge = null)
    {
        var tasks = new Task[callers];
        for (var i = 0; i < callers; i++)
        {
            var index = i;
            tasks[i] = Task.Run(() => caller(index));
        }

        var window = await Task.Factory.StartNew(
            () =>
            {
                Thread.Sleep(warmup);
                var startCount = Total();
                var start = ResourceSnapshot.Take();
                atEdge?.Invoke(true);
                sampler?.Start();
                _measuring = true;
                Thread.Sleep(duration);
                _measuring = false;
                sampler?.Stop();
                var end = ResourceSnapshot.Take();
                var endCount = Total();
                atEdge?.Invoke(false);
                _stopping = true;
                return new Outcome(endCount - startCount, start, end);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var all = Task.WhenAll(tasks);
        try
        {
            await all.WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The callers did not stop within {StopTimeout.TotalSeconds} s of the end of the window.");
        }

        return window;
    }

    private long Total()
    {
        long total = 0;
        for (var i = 1; i <= callers; i++)
        {
            total += Volatile.Read(ref _counts[i * Stride]);
        }

        return total;
    }

    /// <summary>Operations completed inside the measured window, and the resource snapshots at its edges.</summary>
    internal sealed record Outcome(long Operations, ResourceSnapshot Start, ResourceSnapshot End)
    {
        public double Seconds => (End.Timestamp - Start.Timestamp) / (double)System.Diagnostics.Stopwatch.Frequency;

        public double PerSecond => Operations / Seconds;
    }
}
