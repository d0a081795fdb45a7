using System.Diagnostics;

namespace GovOrleans.Bench.Reporting;

/// <summary>Process-wide and machine-wide counters taken at the edges of a measured window.</summary>
internal readonly record struct ResourceSnapshot(
    long Timestamp,
    long AllocatedBytes,
    int Gen0,
    int Gen1,
    int Gen2,
    TimeSpan GcPause,
    TimeSpan CpuTime,
    MachineCpu Machine)
{
    public static ResourceSnapshot Take() => new(
        Stopwatch.GetTimestamp(),
        GC.GetTotalAllocatedBytes(precise: true),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalPauseDuration(),
        Process.GetCurrentProcess().TotalProcessorTime,
        MachineCpu.Read());

    /// <summary>Allocation, GC and CPU figures for the window from <paramref name="start"/> to this snapshot.</summary>
    public IEnumerable<Metric> Since(ResourceSnapshot start, long operations, string perOperation)
    {
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, Timestamp).TotalSeconds;
        yield return new Metric($"allocated_per_{perOperation}", (double)(AllocatedBytes - start.AllocatedBytes) / operations, "B");
        yield return new Metric("gc_gen0_collections", Gen0 - start.Gen0, "");
        yield return new Metric("gc_gen1_collections", Gen1 - start.Gen1, "");
        yield return new Metric("gc_gen2_collections", Gen2 - start.Gen2, "");
        yield return new Metric("gc_pause_share", 100 * (GcPause - start.GcPause).TotalSeconds / seconds, "%");
        yield return new Metric("process_cpu", (CpuTime - start.CpuTime).TotalSeconds / seconds, "cores");
        if (Machine.Total > start.Machine.Total)
        {
            var total = (double)(Machine.Total - start.Machine.Total);
            yield return new Metric("machine_cpu_busy", 100 * (Machine.Busy - start.Machine.Busy) / total, "% of all CPUs");
            yield return new Metric("machine_cpu_steal", 100 * (Machine.Steal - start.Machine.Steal) / total, "% of all CPUs");
        }
    }
}
