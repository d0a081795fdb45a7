namespace GovOrleans.Gateway.Audit;

/// <summary>The outcome of walking the chain.</summary>
/// <param name="Intact">True when every record links to its predecessor and hashes to its stored hash.</param>
/// <param name="RecordCount">Records checked (up to the break, when there is one).</param>
/// <param name="BrokenAtSeq">The first sequence number whose link does not hold.</param>
/// <param name="Reason">Why that link is broken.</param>
internal sealed record AuditVerification(bool Intact, long RecordCount, long? BrokenAtSeq, string? Reason)
{
    public string Message => Intact
        ? $"audit chain intact: {RecordCount} records"
        : $"first broken link at seq {BrokenAtSeq}: {Reason}";

    /// <summary>Walks records in seq order; the first gap, prev_hash or hash mismatch ends the walk.</summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditRecord> records, CancellationToken cancellationToken)
    {
        var expectedSeq = 1L;
        var previousHash = AuditRecord.GenesisHash;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            if (record.Seq != expectedSeq)
            {
                return record.Seq > expectedSeq
                    ? Broken(expectedSeq, $"gap in seq (record {expectedSeq} is missing, next is {record.Seq})")
                    : Broken(expectedSeq, $"seq out of order (found {record.Seq})");
            }

            if (!string.Equals(record.PrevHash, previousHash, StringComparison.Ordinal))
            {
                return Broken(record.Seq, "prev_hash mismatch (does not match the hash of the previous record)");
            }

            if (!string.Equals(record.ComputeHash(), record.Hash, StringComparison.Ordinal))
            {
                return Broken(record.Seq, "hash mismatch (the record's contents were changed)");
            }

            previousHash = record.Hash;
            expectedSeq++;
        }

        return new AuditVerification(true, expectedSeq - 1, null, null);

        AuditVerification Broken(long seq, string reason) => new(false, expectedSeq - 1, seq, reason);
    }
}
