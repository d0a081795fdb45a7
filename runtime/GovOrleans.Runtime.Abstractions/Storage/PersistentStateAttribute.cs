namespace GovOrleans.Runtime.Abstractions.Storage;

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{T}"/>.</summary>
/// <param name="stateName">The state's name within the grain (part of the row key).</param>
/// <param name="storageName">The registered storage provider; "Default" when omitted.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The name of the default storage provider.</summary>
    public const string DefaultStorageName = "Default";

    /// <summary>The state's name within the grain.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider's name.</summary>
    public string StorageName { get; } = storageName ?? DefaultStorageName;
}
