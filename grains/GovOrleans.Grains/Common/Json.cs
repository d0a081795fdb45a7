using System.Text.Json;
using GovOrleans.Runtime.Serialization;

namespace GovOrleans.Grains.Common;

/// <summary>Structural equality of definitions (records holding immutable arrays compare by reference otherwise).</summary>
internal static class Json
{
    public static bool SameContent<T>(T left, T right) =>
        JsonSerializer.Serialize(left, GrainStateJson.Options) == JsonSerializer.Serialize(right, GrainStateJson.Options);
}
