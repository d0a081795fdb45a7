namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// An exception thrown by a grain on another process whose type cannot be recreated here (unknown type or no usable
/// constructor); it keeps the original type name, the message and the inner exceptions that crossed with it.
/// </summary>
public sealed class RemoteGrainException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteGrainException(string exceptionType, string message)
        : base(message)
    {
        ExceptionType = exceptionType;
    }

    /// <summary>Creates the exception with the inner exception that crossed with it.</summary>
    public RemoteGrainException(string exceptionType, string message, Exception? innerException)
        : base(message, innerException)
    {
        ExceptionType = exceptionType;
    }

    /// <summary>Creates the exception.</summary>
    public RemoteGrainException()
        : this("System.Exception", "A remote grain failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public RemoteGrainException(string message)
        : this("System.Exception", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RemoteGrainException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExceptionType = "System.Exception";
    }

    /// <summary>The full name of the original exception type.</summary>
    public string ExceptionType { get; } = "System.Exception";
}
