namespace GovOrleans.GrainInterfaces.Common;

/// <summary>The resource does not exist, or the caller may not know that it exists (mapped to 404).</summary>
public sealed class NotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NotFoundException()
        : base("Not found.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
