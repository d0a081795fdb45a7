namespace GovOrleans.Runtime.Messaging;

/// <summary>How a request ended.</summary>
internal enum ResponseStatus : byte
{
    /// <summary>The method returned; the body holds its result.</summary>
    Ok = 0,

    /// <summary>The method (or its activation) threw; the body holds the exception.</summary>
    Error = 1,

    /// <summary>The silo did not run the request (not the grain's home, stopping, or fenced); the caller may send it elsewhere.</summary>
    NotExecuted = 2,
}
