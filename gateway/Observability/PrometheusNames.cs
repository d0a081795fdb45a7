using System.Globalization;
using System.Text;

namespace GovOrleans.Gateway.Observability;

/// <summary>OpenTelemetry names and units mapped to Prometheus conventions, and the text format's escaping rules.</summary>
internal static class PrometheusNames
{
    /// <summary><c>govorleans.grain.call.duration</c> in <c>ms</c> becomes <c>govorleans_grain_call_duration_milliseconds</c>.</summary>
    public static string MetricName(string instrumentName, string? unit, MetricKind kind)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = UnitSuffix(unit);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        if (kind is MetricKind.Counter or MetricKind.ObservedCounter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    public static string LabelName(string tagName)
    {
        var name = Sanitize(tagName, allowColon: false);
        // Names starting with "__" are reserved for Prometheus itself.
        return name.StartsWith("__", StringComparison.Ordinal) ? "tag" + name : name;
    }

    public static string UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => string.Empty,
        "ms" => "milliseconds",
        "s" => "seconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "%" => "percent",
        // UCUM annotations such as {request} describe what is counted, not a unit.
        _ when unit.StartsWith('{') => string.Empty,
        _ => Sanitize(unit, allowColon: false).ToLowerInvariant(),
    };

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static void AppendLabelValue(StringBuilder builder, string value) => AppendLabelValue(builder, value.AsSpan());

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static void AppendLabelValue(StringBuilder builder, ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '"' => builder.Append("\\\""),
                '\n' => builder.Append(@"\n"),
                _ => builder.Append(c),
            };
        }
    }

    /// <summary>Escapes HELP text: backslash and line feed.</summary>
    public static string EscapeHelp(string help) => help.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    private static string Sanitize(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            builder.Append('_');
        }

        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        return builder.ToString();
    }
}
