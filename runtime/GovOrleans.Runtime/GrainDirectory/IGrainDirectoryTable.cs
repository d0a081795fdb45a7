using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.GrainDirectory;

/// <summary>
/// The authoritative grain directory of one cluster: at most one row per grain. A silo activates a grain only after
/// its registration won, so a grain never has two activations. Rows of a silo are deleted in the same transaction
/// that marks the silo dead in the membership table, so a dead silo's grains can be registered again at once.
/// </summary>
public interface IGrainDirectoryTable
{
    /// <summary>The registered activation of a grain, or null.</summary>
    Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>
    /// Registers <paramref name="address"/> unless the grain is already registered, and only while its silo is
    /// Active in the membership table.
    /// </summary>
    /// <returns>The registration that holds afterwards (the caller's or the existing one), or null when the silo is
    /// not Active and nothing is registered.</returns>
    Task<GrainAddress?> RegisterAsync(GrainAddress address, CancellationToken cancellationToken);

    /// <summary>Removes the registration if it is still exactly <paramref name="address"/> (same silo and activation).</summary>
    Task<bool> UnregisterAsync(GrainAddress address, CancellationToken cancellationToken);

    /// <summary>Removes several registrations of one silo, each only if still exact; used when a silo leaves.</summary>
    Task UnregisterManyAsync(IReadOnlyCollection<GrainAddress> addresses, CancellationToken cancellationToken);
}
