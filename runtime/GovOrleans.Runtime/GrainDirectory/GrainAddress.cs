using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Membership;

namespace GovOrleans.Runtime.GrainDirectory;

/// <summary>Where a grain's one activation lives.</summary>
/// <param name="GrainId">The grain.</param>
/// <param name="Silo">The silo incarnation hosting it.</param>
/// <param name="ActivationId">The activation, so a stale unregister never removes a newer registration.</param>
public readonly record struct GrainAddress(GrainId GrainId, SiloAddress Silo, Guid ActivationId);
