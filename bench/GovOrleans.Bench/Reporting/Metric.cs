namespace GovOrleans.Bench.Reporting;

/// <summary>One measured figure.</summary>
internal sealed record Metric(string Name, double Value, string Unit);
