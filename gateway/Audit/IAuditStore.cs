namespace GovOrleans.Gateway.Audit;

/// <summary>
/// The audit table in one database. Deliberately has no update or delete: the only write is an append that links
/// new records to the stored head under the database's own write lock.
/// </summary>
internal interface IAuditStore : IAsyncDisposable
{
    /// <summary>Creates the table and its append-only triggers if they are missing.</summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>True when the table exists (verification never creates it).</summary>
    Task<bool> ExistsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: takes the table's write lock, reads the head, links <paramref name="entries"/> after it and
    /// inserts them. Reading the head inside the lock keeps the chain right across restarts and several gateways.
    /// </summary>
    Task<IReadOnlyList<AuditRecord>> AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>Every record in seq order, streamed.</summary>
    IAsyncEnumerable<AuditRecord> ReadAllAsync(CancellationToken cancellationToken);
}
