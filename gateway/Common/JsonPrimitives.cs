using System.Collections.Immutable;
using System.Text.Json;

namespace GovOrleans.Gateway.Common;

/// <summary>Turns a JSON object of primitive values into the grains' string map (numbers as written, booleans as true/false).</summary>
internal static class JsonPrimitives
{
    public const int MaxEntries = 100;

    public const int MaxValueLength = 10_000;

    public const string InvalidUnicode = "Must be valid Unicode text.";

    /// <summary>
    /// Converts <paramref name="source"/>; nulls are left out. Adds an error under <c>{prefix}.{name}</c> for objects, arrays,
    /// over-long values, strings that are not valid Unicode (lone surrogates, invalid UTF-8) or names, and under
    /// <paramref name="prefix"/> for too many entries. Error messages never repeat a value.
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

            if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue;
            }

            string? text = null;
            if (element.ValueKind is JsonValueKind.String && !TryGetString(element, out text))
            {
                errors[$"{prefix}.{name}"] = [InvalidUnicode];
                continue;
            }

            var value = element.ValueKind switch
            {
                JsonValueKind.String => text,
                JsonValueKind.Number => element.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
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

    /// <summary>
    /// Reads a JSON string as UTF-16. False when it cannot be transcoded: an escaped lone surrogate (<c>"\ud800"</c>)
    /// or bytes that are not UTF-8; <see cref="JsonElement.GetString"/> throws for those.
    /// </summary>
    public static bool TryGetString(JsonElement element, out string? value)
    {
        try
        {
            value = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }
    }
}
