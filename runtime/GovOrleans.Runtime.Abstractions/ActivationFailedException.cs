namespace GovOrleans.Runtime.Abstractions;

/// <summary>Activating a grain failed (its constructor, state read or OnActivateAsync threw); the activation was discarded.</summary>
public sealed class ActivationFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActivationFailedException(GrainId grainId, Exception innerException)
        : base($"Activation of {GrainIdText.Of(grainId)} failed: {innerException?.Message}", innerException)
    {
        GrainId = grainId;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public ActivationFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public ActivationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The grain that failed to activate.</summary>
    public GrainId GrainId { get; }
}
