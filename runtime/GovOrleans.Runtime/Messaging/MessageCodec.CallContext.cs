using System.Globalization;
using System.Text.Json;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Invocation;

namespace GovOrleans.Runtime.Messaging;

/// <summary>The call context a request carries besides its arguments: request context values and the call chain.</summary>
internal sealed partial class MessageCodec
{
    private static void WriteItems(Utf8JsonWriter json, IReadOnlyDictionary<string, object?> items)
    {
        json.WriteStartObject("x");
        foreach (var (key, value) in items)
        {
            json.WriteStartArray(key);
            switch (value)
            {
                case null: json.WriteStringValue("n"); json.WriteNullValue(); break;
                case string s: json.WriteStringValue("s"); json.WriteStringValue(s); break;
                case bool b: json.WriteStringValue("b"); json.WriteBooleanValue(b); break;
                case int i: json.WriteStringValue("i"); json.WriteNumberValue(i); break;
                case long l: json.WriteStringValue("l"); json.WriteNumberValue(l); break;
                case double d: json.WriteStringValue("d"); json.WriteNumberValue(d); break;
                case decimal m: json.WriteStringValue("m"); json.WriteNumberValue(m); break;
                case Guid g: json.WriteStringValue("g"); json.WriteStringValue(g); break;
                case DateTimeOffset o: json.WriteStringValue("o"); json.WriteStringValue(o); break;
                case DateTime t: json.WriteStringValue("D"); json.WriteStringValue(t); break;
                case TimeSpan span: json.WriteStringValue("t"); json.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture)); break;
                default:
                    throw new NotSupportedException(
                        $"RequestContext value '{key}' is a {value.GetType().Name}; only strings, numbers, booleans, Guids, dates and time spans cross silos.");
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static Dictionary<string, object?> ReadItems(ref Utf8JsonReader reader)
    {
        var items = new Dictionary<string, object?>(StringComparer.Ordinal);
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            Expect(ref reader, JsonTokenType.StartArray);
            reader.Read();
            var code = reader.GetString();
            reader.Read();
            items[key] = code switch
            {
                "n" => null,
                "s" => reader.GetString(),
                "b" => reader.GetBoolean(),
                "i" => reader.GetInt32(),
                "l" => reader.GetInt64(),
                "d" => reader.GetDouble(),
                "m" => reader.GetDecimal(),
                "g" => reader.GetGuid(),
                "o" => reader.GetDateTimeOffset(),
                "D" => reader.GetDateTime(),
                "t" => TimeSpan.ParseExact(reader.GetString()!, "c", CultureInfo.InvariantCulture),
                _ => throw new JsonException("Unknown request context value kind."),
            };
            Expect(ref reader, JsonTokenType.EndArray);
        }

        return items;
    }

    private static void WriteChain(Utf8JsonWriter json, CallChain chain)
    {
        json.WriteStartArray("c");
        for (var node = chain; node is not null; node = node.Parent)
        {
            json.WriteStartArray();
            json.WriteStringValue(node.Grain.ToString());
            json.WriteBooleanValue(node.AllowReentry);
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static CallChain? ReadChain(ref Utf8JsonReader reader)
    {
        var nodes = new List<(GrainId Grain, bool Reentry)>();
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var grain = GrainId.Parse(reader.GetString() ?? string.Empty);
            reader.Read();
            var reentry = reader.GetBoolean();
            Expect(ref reader, JsonTokenType.EndArray);
            nodes.Add((grain, reentry));
        }

        CallChain? chain = null;
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            chain = new CallChain(nodes[i].Grain, nodes[i].Reentry, chain);
        }

        return chain;
    }
}
