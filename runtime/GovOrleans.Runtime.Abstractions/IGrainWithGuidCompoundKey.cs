namespace GovOrleans.Runtime.Abstractions;

/// <summary>A grain addressed by a <see cref="Guid"/> plus a string extension.</summary>
public interface IGrainWithGuidCompoundKey : IGrain;
