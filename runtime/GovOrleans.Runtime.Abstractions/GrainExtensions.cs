namespace GovOrleans.Runtime.Abstractions;

/// <summary>Helpers over grain references and grain instances.</summary>
public static class GrainExtensions
{
    /// <summary>The id of a grain reference, or of a grain instance.</summary>
    /// <exception cref="ArgumentException">The object is neither.</exception>
    public static GrainId GetGrainId(this IGrain grain) => grain switch
    {
        IGrainReference reference => reference.GrainId,
        Grain instance => instance.GrainId,
        null => throw new ArgumentNullException(nameof(grain)),
        _ => throw new ArgumentException($"{grain.GetType()} is neither a grain reference nor a grain.", nameof(grain)),
    };
}
