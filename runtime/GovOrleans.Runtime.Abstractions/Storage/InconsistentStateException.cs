namespace GovOrleans.Runtime.Abstractions.Storage;

/// <summary>
/// A storage operation carried an ETag that is no longer the stored version: another activation (or writer)
/// changed the row. Nothing was written. Orleans semantics: the caller re-reads and re-decides; the runtime
/// deactivates the activation so the next call starts from fresh state.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception with the versions involved.</summary>
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public InconsistentStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public InconsistentStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The version found in storage, when known.</summary>
    public string? StoredEtag { get; }

    /// <summary>The version the activation held.</summary>
    public string? CurrentEtag { get; }
}
