using System.Text.Json;
using System.Text.Json.Serialization;

namespace GovOrleans.Runtime.Serialization;

/// <summary>
/// The one JSON format for persisted grain state, shared by every storage provider so that a state written by
/// one provider reads the same through another and stays queryable in the database (camelCase, enums as strings).
/// </summary>
public static class GrainStateJson
{
    /// <summary>
    /// The serializer options for state payloads: web defaults (camelCase, case-insensitive reads), enums as strings,
    /// public properties only (no fields). The instance is read-only.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes a state to UTF-8 JSON.</summary>
    /// <typeparam name="T">The declared state type; it decides the shape, as it does when reading.</typeparam>
    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>Deserializes a state from UTF-8 JSON; returns null for the JSON literal <c>null</c>.</summary>
    /// <exception cref="JsonException">The payload is not valid JSON for <typeparamref name="T"/>.</exception>
    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize<T>(utf8Json, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            IncludeFields = false,
        };
        options.Converters.Add(new JsonStringEnumConverter());

        // Read-only so that no caller can change the stored format for everyone at run time.
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
