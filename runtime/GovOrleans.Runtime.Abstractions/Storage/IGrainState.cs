namespace GovOrleans.Runtime.Abstractions.Storage;

/// <summary>A state value with the version it was read at, as exchanged with an <see cref="IGrainStorage"/>.</summary>
public interface IGrainState<T>
{
    /// <summary>The state.</summary>
    T State { get; set; }

    /// <summary>The stored version the state was read at or written as; null when no row exists.</summary>
    string? ETag { get; set; }

    /// <summary>True when a stored row exists.</summary>
    bool RecordExists { get; set; }
}
