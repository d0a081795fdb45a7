namespace GovOrleans.Runtime.Catalog;

internal enum ActivationState
{
    /// <summary>Constructing the instance, loading state, running OnActivateAsync; requests queue.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Running OnDeactivateAsync; new requests are held and forwarded to the next activation.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; a request that still reaches it is re-dispatched.</summary>
    Invalid,
}
