namespace GovOrleans.GrainInterfaces.Diagnostics;

/// <summary>The acknowledgement of one beat.</summary>
/// <param name="Sequence">The beat stored.</param>
/// <param name="ActivationId">The activation that stored it.</param>
/// <param name="Silo">The silo hosting that activation.</param>
public sealed record CanaryBeat(long Sequence, Guid ActivationId, string Silo);
