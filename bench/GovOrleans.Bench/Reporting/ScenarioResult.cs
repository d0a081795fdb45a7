using System.Text.Json.Serialization;

namespace GovOrleans.Bench.Reporting;

/// <summary>What one scenario measured, how, and whether its headline figure met the target.</summary>
/// <param name="Name">The scenario name on the command line.</param>
/// <param name="Setup">The parameters that define the measurement (sizes, concurrency, durations).</param>
/// <param name="Headline">The metric the target applies to.</param>
/// <param name="Target">The target in words, e.g. <c>median ≤ 3 µs</c>.</param>
/// <param name="TargetMet">Whether the headline met the target.</param>
/// <param name="Metrics">Every figure, in the order they are printed.</param>
internal sealed record ScenarioResult(
    string Name,
    IReadOnlyDictionary<string, string> Setup,
    string Headline,
    string Target,
    bool TargetMet,
    IReadOnlyList<Metric> Metrics)
{
    [JsonIgnore]
    public Metric HeadlineMetric => Metrics.First(m => m.Name == Headline);
}
