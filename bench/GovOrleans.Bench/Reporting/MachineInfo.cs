using System.Runtime;
using System.Runtime.InteropServices;

namespace GovOrleans.Bench.Reporting;

/// <summary>The machine and runtime settings the figures depend on.</summary>
internal sealed record MachineInfo(
    string CpuModel,
    int LogicalCpus,
    double MemoryGiB,
    string Os,
    string Runtime,
    string Configuration,
    string GcMode,
    string TieredPgo,
    string? GitCommit)
{
    public static MachineInfo Collect() => new(
        CpuModel: ReadCpuModel(),
        LogicalCpus: Environment.ProcessorCount,
        MemoryGiB: Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        Os: RuntimeInformation.OSDescription,
        Runtime: RuntimeInformation.FrameworkDescription,
        Configuration: IsDebugBuild ? "Debug" : "Release",
        GcMode: (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : ", concurrent"),
        TieredPgo: Environment.GetEnvironmentVariable("DOTNET_TieredPGO") is { Length: > 0 } pgo ? $"DOTNET_TieredPGO={pgo}" : "default (on)",
        GitCommit: Environment.GetEnvironmentVariable("GOVORLEANS_BENCH_GIT"));

#if DEBUG
    public static bool IsDebugBuild => true;
#else
    public static bool IsDebugBuild => false;
#endif

    /// <summary>The first CPU's model name plus family, model and clock, e.g. <c>AMD EPYC (family 26, model 2, 2596 MHz)</c>.</summary>
    private static string ReadCpuModel()
    {
        try
        {
            var fields = File.ReadLines("/proc/cpuinfo")
                .TakeWhile(l => l.Length > 0)
                .Select(l => l.Split(':', 2))
                .Where(p => p.Length == 2)
                .GroupBy(p => p[0].Trim())
                .ToDictionary(g => g.Key, g => g.First()[1].Trim());
            if (fields.TryGetValue("model name", out var name))
            {
                var family = fields.GetValueOrDefault("cpu family", "?");
                var model = fields.GetValueOrDefault("model", "?");
                var mhz = fields.TryGetValue("cpu MHz", out var m) && double.TryParse(m, System.Globalization.CultureInfo.InvariantCulture, out var v)
                    ? $", {v:F0} MHz"
                    : "";
                return $"{name} (family {family}, model {model}{mhz})";
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
