namespace GovOrleans.Gateway.Observability;

/// <summary>The aggregate of one instrument for one label set.</summary>
internal sealed class MetricSeries(string labels, int bucketCount)
{
    private readonly Lock _lock = new();
    private readonly long[] _buckets = new long[bucketCount + 1];
    private double _value;
    private double _sum;
    private long _count;

    /// <summary>The rendered label set, e.g. <c>grain_type="case",method="GetAsync"</c>.</summary>
    public string Labels { get; } = labels;

    public double Value => Volatile.Read(ref _value);

    public void Add(double increment)
    {
        // Lock-free so that counters on the grain-call path never contend.
        double initial;
        do
        {
            initial = Volatile.Read(ref _value);
        }
        while (Interlocked.CompareExchange(ref _value, initial + increment, initial) != initial);
    }

    public void Set(double value) => Volatile.Write(ref _value, value);

    public void Observe(double value, double[] bounds)
    {
        // Upper bounds are inclusive (le); values above the last bound land in the +Inf bucket.
        var index = Array.BinarySearch(bounds, value);
        if (index < 0)
        {
            index = ~index;
        }

        lock (_lock)
        {
            _buckets[index]++;
            _sum += value;
            _count++;
        }
    }

    /// <summary>A consistent copy of the histogram: per-bucket (not yet cumulative) counts, sum and count.</summary>
    public (long[] Buckets, double Sum, long Count) Snapshot()
    {
        lock (_lock)
        {
            return ((long[])_buckets.Clone(), _sum, _count);
        }
    }
}
