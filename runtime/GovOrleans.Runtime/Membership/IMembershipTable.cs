namespace GovOrleans.Runtime.Membership;

/// <summary>
/// The cluster's membership table (one cluster id per instance). Inserts and status changes are compare-and-swap
/// on the table version so that every silo agrees on the order of changes; heartbeats do not bump the version.
/// An implementation that also implements <see cref="GrainDirectory.IGrainDirectoryTable"/> deletes a silo's
/// directory rows in the same transaction that marks it dead.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates the schema if needed.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Every row of the cluster and the current table version.</summary>
    Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a row if the table version still equals <paramref name="expectedVersion"/>, and bumps it.</summary>
    /// <returns>False when the version moved on (re-read and retry) or the address already exists.</returns>
    Task<bool> InsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Changes a row's status if the table version still equals <paramref name="expectedVersion"/>, and bumps it.
    /// Dead is final: a dead row never changes status again. When <paramref name="onlyIfIAmAliveBefore"/> is set the
    /// change happens only if the row's heartbeat is older than it, so a silo that renewed its lease after the caller
    /// read the table is never declared dead.
    /// </summary>
    /// <returns>False when nothing changed (version moved on, row missing or dead, or heartbeat fresh).</returns>
    Task<bool> UpdateStatusAsync(
        SiloAddress address, SiloStatus status, long expectedVersion, DateTimeOffset? onlyIfIAmAliveBefore, CancellationToken cancellationToken);

    /// <summary>Renews the silo's lease.</summary>
    /// <returns>False when the row is missing or dead: the silo must stop serving at once.</returns>
    Task<bool> UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes dead rows whose last heartbeat is older than <paramref name="olderThan"/>.</summary>
    /// <returns>How many rows were deleted.</returns>
    Task<int> CleanupDefunctAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
