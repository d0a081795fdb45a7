namespace GovOrleans.Runtime.Abstractions;

/// <summary>Why an activation ended, with an optional description and exception.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description, Exception? Exception = null)
{
    /// <inheritdoc />
    public override string ToString() => Exception is null ? $"{ReasonCode}: {Description}" : $"{ReasonCode}: {Description} ({Exception.GetType().Name})";
}
