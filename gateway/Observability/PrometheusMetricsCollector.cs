using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using GovOrleans.Runtime.Diagnostics;

namespace GovOrleans.Gateway.Observability;

/// <summary>
/// Aggregates the platform's instruments in process with a <see cref="MeterListener"/> and renders them in the
/// Prometheus text exposition format 0.0.4. Synchronous instruments are aggregated as they record (allocation-free
/// once a label set has been seen); observable ones are polled on each scrape.
/// </summary>
internal sealed class PrometheusMetricsCollector : IDisposable
{
    /// <summary>Fixed latency buckets in milliseconds, for histograms that carry no bucket advice.</summary>
    internal static readonly double[] MillisecondBounds = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private const int MaxLabelNames = 256;

    private static readonly string[] ExactMeters = [RuntimeTelemetry.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    private static readonly ConcurrentDictionary<string, string> s_labelNames = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static char[]? s_labelChars;

    [ThreadStatic]
    private static KeyValuePair<string, object?>[]? s_sortedTags;

    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Lock _scrapeLock = new();
    private readonly MeterListener _listener;

    public PrometheusMetricsCollector()
    {
        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        _listener.SetMeasurementEventCallback<byte>((i, v, t, s) => Record(v, t, s));
        _listener.SetMeasurementEventCallback<short>((i, v, t, s) => Record(v, t, s));
        _listener.SetMeasurementEventCallback<int>((i, v, t, s) => Record(v, t, s));
        _listener.SetMeasurementEventCallback<long>((i, v, t, s) => Record(v, t, s));
        _listener.SetMeasurementEventCallback<float>((i, v, t, s) => Record(v, t, s));
        _listener.SetMeasurementEventCallback<double>((i, v, t, s) => Record(v, t, s));
        _listener.SetMeasurementEventCallback<decimal>((i, v, t, s) => Record((double)v, t, s));
        _listener.Start();
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    internal static bool IsExported(string meterName) =>
        meterName.StartsWith("GovOrleans.", StringComparison.Ordinal) || ExactMeters.Contains(meterName, StringComparer.Ordinal);

    /// <summary>Polls the observable instruments and renders every family, sorted by name.</summary>
    public string Scrape()
    {
        var output = new StringBuilder(4096);
        lock (_scrapeLock)
        {
            _listener.RecordObservableInstruments();
        }

        foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            Render(family, output);
        }

        return output.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!IsExported(instrument.Meter.Name) || Classify(instrument) is not { } kind)
        {
            return;
        }

        var name = PrometheusNames.MetricName(instrument.Name, instrument.Unit, kind);
        var family = _families.GetOrAdd(name, _ => new MetricFamily(
            name, instrument.Description ?? instrument.Name, kind, kind == MetricKind.Histogram ? BoundsFor(instrument) : []));
        // Two instruments mapping to one name with different semantics cannot share a family; the first one wins.
        if (family.Kind == kind)
        {
            listener.EnableMeasurementEvents(instrument, family);
        }
    }

    private static MetricKind? Classify(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(Counter<>) ? MetricKind.Counter
            : definition == typeof(ObservableCounter<>) ? MetricKind.ObservedCounter
            : definition == typeof(UpDownCounter<>) ? MetricKind.SumGauge
            : definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>) ? MetricKind.LastValueGauge
            : definition == typeof(Histogram<>) ? MetricKind.Histogram
            : null;
    }

    private static double[] BoundsFor(Instrument instrument)
    {
        // Prefer the instrument's own advice (ASP.NET Core's request duration ships seconds buckets).
        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Length: > 0 })
        {
            Array.Sort(advised);
            return advised;
        }

        return instrument.Unit == "s" ? [.. MillisecondBounds.Select(b => b / 1000)] : MillisecondBounds;
    }

    private static void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (state is not MetricFamily family || family.GetSeries(RenderLabels(tags)) is not { } series)
        {
            return;
        }

        switch (family.Kind)
        {
            case MetricKind.Counter:
            case MetricKind.SumGauge:
                series.Add(value);
                break;
            case MetricKind.Histogram:
                series.Observe(value, family.Bounds);
                break;
            default:
                series.Set(value);
                break;
        }
    }

    /// <summary>Renders tags sorted by name into a per-thread buffer, so that a known label set costs no allocation.</summary>
    private static ReadOnlySpan<char> RenderLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return [];
        }

        var sorted = s_sortedTags is { } cached && cached.Length >= tags.Length ? cached : s_sortedTags = new KeyValuePair<string, object?>[Math.Max(8, tags.Length)];
        tags.CopyTo(sorted);
        SortByName(sorted.AsSpan(0, tags.Length));

        var labels = new LabelWriter(s_labelChars ??= new char[256]);
        for (var i = 0; i < tags.Length; i++)
        {
            if (i > 0)
            {
                labels.Append(",");
            }

            labels.Append(LabelName(sorted[i].Key));
            labels.Append("=\"");
            AppendLabelValue(ref labels, sorted[i].Value);
            labels.Append("\"");
        }

        Array.Clear(sorted, 0, tags.Length);
        s_labelChars = labels.Buffer;
        return labels.Written;
    }

    /// <summary>Insertion sort by tag name: a handful of tags, sorted in place without the delegate Array.Sort would allocate.</summary>
    private static void SortByName(Span<KeyValuePair<string, object?>> tags)
    {
        for (var i = 1; i < tags.Length; i++)
        {
            var tag = tags[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(tags[j].Key, tag.Key) > 0)
            {
                tags[j + 1] = tags[j];
                j--;
            }

            tags[j + 1] = tag;
        }
    }

    /// <summary>Tag names come from instrumentation code, a small fixed set; sanitize each once.</summary>
    private static string LabelName(string tagName)
    {
        if (s_labelNames.TryGetValue(tagName, out var name))
        {
            return name;
        }

        name = PrometheusNames.LabelName(tagName);
        if (s_labelNames.Count < MaxLabelNames)
        {
            s_labelNames.TryAdd(tagName, name);
        }

        return name;
    }

    /// <summary>Appends an escaped tag value; numbers (status codes) are formatted without an intermediate string.</summary>
    private static void AppendLabelValue(ref LabelWriter labels, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                labels.AppendEscaped(text);
                break;
            case ISpanFormattable formattable:
                Span<char> chars = stackalloc char[64];
                if (formattable.TryFormat(chars, out var written, default, CultureInfo.InvariantCulture))
                {
                    labels.AppendEscaped(chars[..written]);
                }
                else
                {
                    labels.AppendEscaped(formattable.ToString(null, CultureInfo.InvariantCulture));
                }

                break;
            case IFormattable formattable:
                labels.AppendEscaped(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                labels.AppendEscaped(value.ToString() ?? string.Empty);
                break;
        }
    }

    private static void Render(MetricFamily family, StringBuilder output)
    {
        var series = family.Series.OrderBy(s => s.Labels, StringComparer.Ordinal).ToList();
        if (series.Count == 0)
        {
            return;
        }

        var type = family.Kind switch
        {
            MetricKind.Counter or MetricKind.ObservedCounter => "counter",
            MetricKind.Histogram => "histogram",
            _ => "gauge",
        };
        output.Append("# HELP ").Append(family.Name).Append(' ').Append(PrometheusNames.EscapeHelp(family.Help)).Append('\n');
        output.Append("# TYPE ").Append(family.Name).Append(' ').Append(type).Append('\n');
        foreach (var s in series)
        {
            if (family.Kind != MetricKind.Histogram)
            {
                Sample(output, family.Name, s.Labels, null, s.Value);
                continue;
            }

            var (buckets, sum, count) = s.Snapshot();
            long cumulative = 0;
            for (var i = 0; i < family.Bounds.Length; i++)
            {
                cumulative += buckets[i];
                Sample(output, family.Name + "_bucket", s.Labels, PrometheusNames.FormatValue(family.Bounds[i]), cumulative);
            }

            Sample(output, family.Name + "_bucket", s.Labels, "+Inf", count);
            Sample(output, family.Name + "_sum", s.Labels, null, sum);
            Sample(output, family.Name + "_count", s.Labels, null, count);
        }
    }

    private static void Sample(StringBuilder output, string name, string labels, string? le, double value)
    {
        output.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            output.Append('{').Append(labels);
            if (le is not null)
            {
                output.Append(labels.Length > 0 ? ",le=\"" : "le=\"").Append(le).Append('"');
            }

            output.Append('}');
        }

        output.Append(' ').Append(PrometheusNames.FormatValue(value)).Append('\n');
    }

    /// <summary>Writes a label set into a reusable buffer, growing it when needed.</summary>
    private struct LabelWriter(char[] buffer)
    {
        private int _length;

        public char[] Buffer { get; private set; } = buffer;

        public readonly ReadOnlySpan<char> Written => Buffer.AsSpan(0, _length);

        public void Append(ReadOnlySpan<char> text)
        {
            Reserve(text.Length);
            text.CopyTo(Buffer.AsSpan(_length));
            _length += text.Length;
        }

        /// <summary>Escapes backslash, double quote and line feed (the text format's rules for label values).</summary>
        public void AppendEscaped(ReadOnlySpan<char> value)
        {
            if (value.IndexOfAny('\\', '"', '\n') < 0)
            {
                Append(value);
                return;
            }

            foreach (var c in value)
            {
                switch (c)
                {
                    case '\\':
                        Append(@"\\");
                        break;
                    case '"':
                        Append("\\\"");
                        break;
                    case '\n':
                        Append(@"\n");
                        break;
                    default:
                        Reserve(1);
                        Buffer[_length++] = c;
                        break;
                }
            }
        }

        private void Reserve(int count)
        {
            if (_length + count > Buffer.Length)
            {
                var grown = new char[Math.Max(Buffer.Length * 2, _length + count)];
                Buffer.AsSpan(0, _length).CopyTo(grown);
                Buffer = grown;
            }
        }
    }
}
