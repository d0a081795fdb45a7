namespace GovOrleans.Runtime.Abstractions;

/// <summary>Why an activation ended.</summary>
public enum DeactivationReasonCode
{
    /// <summary>No reason recorded.</summary>
    None = 0,

    /// <summary>Idle for longer than the collection age.</summary>
    ActivationIdle,

    /// <summary>The grain called DeactivateOnIdle.</summary>
    ApplicationRequested,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>A storage write found a newer version: this activation's state is stale.</summary>
    InconsistentState,

    /// <summary>Activation failed.</summary>
    ActivationFailed,

    /// <summary>The runtime deactivated it for another reason (e.g. a directory conflict).</summary>
    RuntimeRequested,
}
