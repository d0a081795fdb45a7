namespace GovOrleans.Runtime.Abstractions;

/// <summary>Marker for every grain interface. A grain interface declares its key kind by deriving one of the <c>IGrainWith*Key</c> interfaces.</summary>
public interface IGrain;
