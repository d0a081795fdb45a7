namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// Pins the durable <see cref="GrainType"/> name of a grain class. Without it the name is derived from
/// the class name (lower-cased, a trailing "Grain" removed), so renaming the class would orphan its stored state.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The durable type name.</summary>
    public string Name { get; } = name;
}
