namespace GovOrleans.GrainInterfaces.Common;

/// <summary>The caller is known but may not do this (mapped to 403).</summary>
public sealed class ForbiddenException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ForbiddenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ForbiddenException()
        : base("Forbidden.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
