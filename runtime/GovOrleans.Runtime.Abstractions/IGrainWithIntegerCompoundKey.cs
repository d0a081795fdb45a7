namespace GovOrleans.Runtime.Abstractions;

/// <summary>A grain addressed by a 64-bit integer plus a string extension.</summary>
public interface IGrainWithIntegerCompoundKey : IGrain;
