namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// Hands out grain references. A reference is cheap, never activates anything by itself, and stays
/// valid across deactivations: the first call through it activates the grain wherever it lives.
/// </summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain with a string key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey;

    /// <summary>A reference to the grain with a Guid key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey) where TGrainInterface : IGrainWithGuidKey;

    /// <summary>A reference to the grain with an integer key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>A reference to the grain with a compound Guid key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension) where TGrainInterface : IGrainWithGuidCompoundKey;

    /// <summary>A reference to the grain with a compound integer key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension) where TGrainInterface : IGrainWithIntegerCompoundKey;

    /// <summary>A reference to an existing grain id, typed as <typeparamref name="TGrainInterface"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IGrain;
}
