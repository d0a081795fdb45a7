namespace GovOrleans.GrainInterfaces.Common;

/// <summary>
/// The request conflicts with the current state: a stale version (<see cref="IsPreconditionFailure"/>, mapped to 412)
/// or a state that does not allow it (mapped to 409).
/// </summary>
public sealed class ConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConflictException(string message, bool isPreconditionFailure = false, int? currentVersion = null)
        : base(message)
    {
        IsPreconditionFailure = isPreconditionFailure;
        CurrentVersion = currentVersion;
    }

    /// <summary>Creates the exception.</summary>
    public ConflictException()
        : base("Conflict.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the caller's expected version (If-Match) is stale.</summary>
    public bool IsPreconditionFailure { get; }

    /// <summary>The resource's current version, when known.</summary>
    public int? CurrentVersion { get; }
}
