namespace GovOrleans.Gateway.Audit;

/// <summary>The tamper-evident record of who read or changed what.</summary>
internal interface IAuditTrail
{
    /// <summary>Appends <paramref name="entry"/> and completes once it is committed, with its place in the chain.</summary>
    Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Walks the stored chain and reports the first broken link, if any.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default);
}
