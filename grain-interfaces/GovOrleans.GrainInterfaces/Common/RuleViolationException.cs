using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Common;

/// <summary>Input breaks a domain rule; every failing field is listed at once (mapped to 422).</summary>
public sealed class RuleViolationException : Exception
{
    /// <summary>Creates the exception with the failing fields.</summary>
    public RuleViolationException(string message, ImmutableArray<FieldError> errors)
        : base(message)
    {
        Errors = errors.IsDefault ? [] : errors;
    }

    /// <summary>Creates the exception.</summary>
    public RuleViolationException(string message)
        : this(message, [])
    {
    }

    /// <summary>Creates the exception.</summary>
    public RuleViolationException()
        : this("The request breaks a rule.", [])
    {
    }

    /// <summary>Creates the exception.</summary>
    public RuleViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>The failing fields.</summary>
    public ImmutableArray<FieldError> Errors { get; }
}
