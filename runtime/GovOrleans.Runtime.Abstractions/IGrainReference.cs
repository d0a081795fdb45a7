namespace GovOrleans.Runtime.Abstractions;

/// <summary>Implemented by every grain reference the runtime hands out.</summary>
public interface IGrainReference
{
    /// <summary>The referenced grain.</summary>
    GrainId GrainId { get; }
}
