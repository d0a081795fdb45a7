using System.Collections.Concurrent;

namespace GovOrleans.Gateway.Observability;

/// <summary>
/// Every series of one Prometheus metric. Instruments of the same name from several meter instances (one per DI
/// container) share a family, so their series merge rather than being exposed twice.
/// </summary>
internal sealed class MetricFamily(string name, string help, MetricKind kind, double[] bounds)
{
    /// <summary>Beyond this, new label sets are dropped: an unbounded tag must not exhaust memory.</summary>
    public const int MaxSeries = 2000;

    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);
    public string Name { get; } = name;

    public string Help { get; } = help;

    public MetricKind Kind { get; } = kind;

    /// <summary>Histogram upper bounds, ascending; empty for other kinds.</summary>
    public double[] Bounds { get; } = bounds;

    public ICollection<MetricSeries> Series => _series.Values;

    /// <summary>Finds the series for rendered labels without allocating when it exists already.</summary>
    public MetricSeries? GetSeries(ReadOnlySpan<char> labels)
    {
        var lookup = _series.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(labels, out var series))
        {
            return series;
        }

        if (_series.Count >= MaxSeries)
        {
            return null;
        }

        var key = labels.ToString();
        return _series.GetOrAdd(key, static (key, buckets) => new MetricSeries(key, buckets), Bounds.Length);
    }
}
