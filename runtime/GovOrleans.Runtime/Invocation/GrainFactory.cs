using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Serialization;

namespace GovOrleans.Runtime.Invocation;

/// <summary>Creates grain references; creating one never touches an activation.</summary>
internal sealed class GrainFactory(GrainTypeResolver resolver, GrainCallInvoker invoker, DeepCopier copier) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return Create<TGrainInterface>(GrainId.EncodeKey(primaryKey));
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey) where TGrainInterface : IGrainWithGuidKey =>
        Create<TGrainInterface>(GrainId.EncodeKey(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey =>
        Create<TGrainInterface>(GrainId.EncodeKey(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension) where TGrainInterface : IGrainWithGuidCompoundKey
    {
        ValidateExtension(keyExtension);
        return Create<TGrainInterface>(GrainId.EncodeKey(primaryKey, keyExtension));
    }

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension) where TGrainInterface : IGrainWithIntegerCompoundKey
    {
        ValidateExtension(keyExtension);
        return Create<TGrainInterface>(GrainId.EncodeKey(primaryKey, keyExtension));
    }

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IGrain
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is unset.", nameof(grainId));
        }

        var metadata = GrainInterfaceMetadata.Get(typeof(TGrainInterface), copier);
        return (TGrainInterface)GrainReference.Create(typeof(TGrainInterface), grainId, invoker, metadata);
    }

    private TGrainInterface Create<TGrainInterface>(string key) where TGrainInterface : IGrain
    {
        var metadata = GrainInterfaceMetadata.Get(typeof(TGrainInterface), copier);
        var grainId = new GrainId(resolver.GetGrainType(typeof(TGrainInterface)), key);
        return (TGrainInterface)GrainReference.Create(typeof(TGrainInterface), grainId, invoker, metadata);
    }

    private static void ValidateExtension(string keyExtension)
    {
        ArgumentNullException.ThrowIfNull(keyExtension);
        if (keyExtension.Contains('+', StringComparison.Ordinal))
        {
            throw new ArgumentException("A key extension cannot contain '+'.", nameof(keyExtension));
        }
    }
}
