using System.Collections.Immutable;
using System.Text.Json;

namespace GovOrleans.Gateway.Common;

/// <summary>Turns a JSON object of primitive values into the grains' string map (numbers as written, booleans as true/false).</summary>
internal static class JsonPrimitives
{
    public const int MaxEntries = 100;

    public const int MaxValueLength = 10_000;

    /// <summary>
    /// Converts <paramref name="source"/>; nulls are left out. Adds an error under <c>{prefix}.{name}</c> for objects, arrays,
    /// over-long values or names, and under <paramref name="prefix"/> for too many entries.
    /// </summary>
    public static ImmutableDictionary<string, string> ToStrings(IReadOnlyDictionary<string, JsonElement>? source, string prefix, Dictionary<string, string[]> errors)
    {
        if (source is null || source.Count == 0)
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        if (source.Count > MaxEntries)
        {
            errors[prefix] = [$"At most {MaxEntries} entries."];
            return ImmutableDictionary<string, string>.Empty;
        }

        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, element) in source)
        {
            if (name.Length is 0 or > 64)
            {
                errors[prefix] = ["Names are 1–64 characters."];
                continue;
            }

            string? value = element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Number => element.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue;
            }

            if (value is null)
            {
                errors[$"{prefix}.{name}"] = ["Must be a string, number or boolean."];
            }
            else if (value.Length > MaxValueLength)
            {
                errors[$"{prefix}.{name}"] = [$"At most {MaxValueLength} characters."];
            }
            else
            {
                result[name] = value;
            }
        }

        return result.ToImmutable();
    }
}
