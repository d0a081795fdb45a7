using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GovOrleans.Bench.Reporting;

/// <summary>Prints results as tables and writes the whole run as JSON.</summary>
internal static class ResultWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void PrintMachine(MachineInfo machine, TextWriter output)
    {
        output.WriteLine($"machine: {machine.CpuModel}, {machine.LogicalCpus} logical CPUs, {machine.MemoryGiB} GiB");
        output.WriteLine($"runtime: {machine.Runtime}, {machine.Os}, {machine.Configuration}, GC {machine.GcMode}, TieredPGO {machine.TieredPgo}");
        if (machine.Configuration != "Release")
        {
            output.WriteLine("WARNING: not a Release build; these figures mean nothing. Use -c Release.");
        }
    }

    public static void PrintScenario(ScenarioResult result, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"== {result.Name}: " + string.Join(", ", result.Setup.Select(p => $"{p.Key}={p.Value}")));
        var nameWidth = Math.Max(6, result.Metrics.Max(m => m.Name.Length));
        output.WriteLine($"  {"metric".PadRight(nameWidth)}  {"value",14}  unit");
        output.WriteLine($"  {new string('-', nameWidth)}  {new string('-', 14)}  -----");
        foreach (var metric in result.Metrics)
        {
            output.WriteLine($"  {metric.Name.PadRight(nameWidth)}  {Format(metric.Value),14}  {metric.Unit}");
        }

        output.WriteLine($"  target: {result.Headline} {result.Target} -> {(result.TargetMet ? "MET" : "MISSED")}");
    }

    public static void PrintSummary(BenchReport report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| scenario | headline | measured | target | met |");
        output.WriteLine("|---|---|---:|---|---|");
        foreach (var result in report.Scenarios)
        {
            var headline = result.HeadlineMetric;
            output.WriteLine($"| {result.Name} | {headline.Name} | {Format(headline.Value)} {headline.Unit} | {result.Target} | {(result.TargetMet ? "yes" : "**no**")} |");
        }

        foreach (var skipped in report.Skipped)
        {
            output.WriteLine($"| {skipped} | skipped | | | |");
        }
    }

    /// <summary>Writes <c>&lt;directory&gt;/&lt;UTC timestamp&gt;.json</c> and returns its path.</summary>
    public static string WriteJson(BenchReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, report.StartedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(report, Json) + "\n", new UTF8Encoding(false));
        return path;
    }

    private static string Format(double value) => value switch
    {
        _ when value == Math.Floor(value) || Math.Abs(value) >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        _ when Math.Abs(value) >= 100 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("F3", CultureInfo.InvariantCulture),
    };
}
