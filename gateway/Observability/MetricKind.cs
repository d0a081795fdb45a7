namespace GovOrleans.Gateway.Observability;

/// <summary>How measurements of an instrument are aggregated, and which Prometheus type it is exposed as.</summary>
internal enum MetricKind
{
    /// <summary>Counter: measurements are increments; exposed as a counter with a <c>_total</c> suffix.</summary>
    Counter,

    /// <summary>ObservableCounter: measurements are running totals; exposed as a counter.</summary>
    ObservedCounter,

    /// <summary>UpDownCounter: measurements are increments that may be negative; exposed as a gauge of their sum.</summary>
    SumGauge,

    /// <summary>Gauges and observable up-down counters: the last measurement wins.</summary>
    LastValueGauge,

    /// <summary>Histogram: cumulative buckets, sum and count.</summary>
    Histogram,
}
