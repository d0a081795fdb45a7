using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.GrainInterfaces.Diagnostics;

/// <summary>
/// A synthetic write probe: operators and failover tests write numbered beats to many canaries and read them back to
/// check that acknowledged writes survive silo loss and that each canary has one activation at a time.
/// </summary>
public interface ICanaryGrain : IGrainWithStringKey
{
    /// <summary>Stores beat <paramref name="sequence"/> durably and says which activation stored it.</summary>
    Task<CanaryBeat> BeatAsync(long sequence);

    /// <summary>What the canary has stored.</summary>
    Task<CanaryState> GetAsync();
}
