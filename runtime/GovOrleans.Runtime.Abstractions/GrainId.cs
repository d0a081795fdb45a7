using System.Globalization;

namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// The identity of a grain: its <see cref="GrainType"/> plus a key, written <c>type/key</c>.
/// Keys are scoped per type, so <c>citizen/42</c> and <c>case/42</c> are different grains and
/// never share a storage row.
/// </summary>
/// <remarks>
/// Key encodings follow Orleans: a long is upper-case hex, a Guid is 32 hex digits without hyphens,
/// a compound key is <c>key+extension</c>, a string is kept as is.
/// </remarks>
public readonly record struct GrainId
{
    /// <summary>Creates a grain id from a type and an already encoded key.</summary>
    public GrainId(GrainType type, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (type.Value is null)
        {
            throw new ArgumentException("The grain type is unset.", nameof(type));
        }

        Type = type;
        Key = key;
    }

    /// <summary>The grain type.</summary>
    public GrainType Type { get; }

    /// <summary>The encoded key.</summary>
    public string Key { get; }

    /// <summary>True for <c>default(GrainId)</c>.</summary>
    public bool IsDefault => Key is null;

    /// <summary>Encodes a string key.</summary>
    public static string EncodeKey(string key) => key;

    /// <summary>Encodes a Guid key as 32 hex digits.</summary>
    public static string EncodeKey(Guid key) => key.ToString("N", CultureInfo.InvariantCulture);

    /// <summary>Encodes an integer key as upper-case hex.</summary>
    public static string EncodeKey(long key) => key.ToString("X", CultureInfo.InvariantCulture);

    /// <summary>Encodes a compound Guid key.</summary>
    public static string EncodeKey(Guid key, string extension) => EncodeKey(key) + "+" + extension;

    /// <summary>Encodes a compound integer key.</summary>
    public static string EncodeKey(long key, string extension) => EncodeKey(key) + "+" + extension;

    /// <summary>Parses <c>type/key</c>.</summary>
    /// <exception cref="FormatException">The text has no '/' or an empty type.</exception>
    public static GrainId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{text}' is not a grain id of the form type/key.");
        }

        return new GrainId(new GrainType(text[..slash]), text[(slash + 1)..]);
    }

    /// <summary>
    /// A hash that is the same on every node and in every process (unlike <see cref="string.GetHashCode()"/>):
    /// the directory ring and reminder ranges depend on it.
    /// </summary>
    public uint GetUniformHashCode() => StableHash.Combine(StableHash.Compute(Type.Value), StableHash.Compute(Key));

    /// <inheritdoc />
    public override string ToString() => IsDefault ? string.Empty : Type.Value + "/" + Key;
}
