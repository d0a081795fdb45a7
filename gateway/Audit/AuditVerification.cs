namespace GovOrleans.Gateway.Audit;

/// <summary>The outcome of walking the chain.</summary>
/// <param name="Intact">True when every record links to its predecessor and hashes to its stored hash.</param>
/// <param name="RecordCount">Records checked (up to the break, when there is one).</param>
/// <param name="BrokenAtSeq">The first sequence number whose link does not hold.</param>
/// <param name="Reason">Why that link is broken.</param>
/// <param name="CheckpointsMatched">Signed checkpoints the chain agreed with; null when none were checked.</param>
internal sealed record AuditVerification(bool Intact, long RecordCount, long? BrokenAtSeq, string? Reason, int? CheckpointsMatched = null)
{
    public string Message => Intact
        ? CheckpointsMatched is { } matched
            ? $"audit chain intact: {RecordCount} records, {matched} signed checkpoints matched"
            : $"audit chain intact: {RecordCount} records"
        : BrokenAtSeq is { } seq ? $"first broken link at seq {seq}: {Reason}" : $"audit verification failed: {Reason}";

    /// <summary>The checkpoint file could not be trusted, so the chain was not judged.</summary>
    public static AuditVerification CheckpointsUnusable(string problem) => new(false, 0, null, problem);

    /// <summary>Walks records in seq order; the first gap, prev_hash or hash mismatch ends the walk.</summary>
    public static Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditRecord> records, CancellationToken cancellationToken) =>
        VerifyAsync(records, null, cancellationToken);

    /// <summary>
    /// Walks records in seq order as above and, when <paramref name="checkpoints"/> are given (already signature-checked),
    /// also requires the record at each checkpoint's seq to have the checkpoint's hash and the chain to reach the newest
    /// checkpoint: that catches a chain rebuilt with recomputed hashes and a removed tail.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(
        IAsyncEnumerable<AuditRecord> records, IReadOnlyList<AuditCheckpoint>? checkpoints, CancellationToken cancellationToken)
    {
        // Several gateways may write checkpoints for the same seq; they must agree, which the walk checks one by one.
        var pending = checkpoints?.OrderBy(c => c.Seq).ToList() ?? [];
        var next = 0;
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

            for (; next < pending.Count && pending[next].Seq == record.Seq; next++)
            {
                if (!string.Equals(pending[next].Hash, record.Hash, StringComparison.Ordinal))
                {
                    return Broken(record.Seq, "does not match the signed checkpoint for this seq (the chain was rebuilt)");
                }
            }

            previousHash = record.Hash;
            expectedSeq++;
        }

        if (next < pending.Count)
        {
            var newest = pending[^1];
            return Broken(expectedSeq, $"tail truncated (the chain ends at seq {expectedSeq - 1}, a signed checkpoint vouches for seq {newest.Seq})");
        }

        return new AuditVerification(true, expectedSeq - 1, null, null, checkpoints is null ? null : pending.Count);

        AuditVerification Broken(long seq, string reason) => new(false, expectedSeq - 1, seq, reason);
    }
}
