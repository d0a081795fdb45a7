namespace GovOrleans.Bench.Reporting;

/// <summary>Everything one run produced; written as JSON to <c>bench/results/&lt;timestamp&gt;.json</c>.</summary>
internal sealed record BenchReport(DateTimeOffset StartedAt, MachineInfo Machine, IReadOnlyList<ScenarioResult> Scenarios, IReadOnlyList<string> Skipped);
