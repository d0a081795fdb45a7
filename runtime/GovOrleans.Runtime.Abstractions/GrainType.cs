namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// The durable name of a grain class. It is part of every stored row and reminder, so it must not
/// change when the class is renamed; pin it with <see cref="GrainTypeAttribute"/>.
/// </summary>
public readonly record struct GrainType
{
    /// <summary>Creates a grain type from its name.</summary>
    /// <exception cref="ArgumentException">The name is empty, or contains '/' or whitespace.</exception>
    public GrainType(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.AsSpan().IndexOfAny('/', ' ', '\t') >= 0 || value.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException($"Grain type name '{value}' must not contain '/' or whitespace.", nameof(value));
        }

        Value = value;
    }

    /// <summary>The name, e.g. <c>case</c>.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public override string ToString() => Value;
}
