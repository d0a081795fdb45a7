namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// A call could not reach a silo able to serve it. <see cref="NotExecuted"/> says whether the runtime knows the call
/// never ran (safe to retry even when not idempotent) or whether the outcome is unknown (the silo was lost after the
/// request left).
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message, bool notExecuted)
        : base(message)
    {
        NotExecuted = notExecuted;
    }

    /// <summary>Creates the exception; the outcome is unknown.</summary>
    public SiloUnavailableException()
        : this("No silo is available to serve the call.", notExecuted: false)
    {
    }

    /// <summary>Creates the exception; the outcome is unknown.</summary>
    public SiloUnavailableException(string message)
        : this(message, notExecuted: false)
    {
    }

    /// <summary>Creates the exception; the outcome is unknown.</summary>
    public SiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the call provably did not run anywhere.</summary>
    public bool NotExecuted { get; }
}
