namespace GovOrleans.Gateway.Audit;

/// <summary>One row of the trail: an entry with its place in the chain.</summary>
internal sealed record AuditRecord(
    long Seq,
    DateTimeOffset At,
    string Actor,
    string Roles,
    string Action,
    string Resource,
    int Outcome,
    string TraceId,
    string PrevHash,
    string Hash)
{
    /// <summary>The previous hash of the first record.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>Places <paramref name="entry"/> after the record <paramref name="previousSeq"/> with hash <paramref name="previousHash"/>.</summary>
    public static AuditRecord Link(long previousSeq, string previousHash, AuditEntry entry)
    {
        var seq = previousSeq + 1;
        var at = AuditHash.Normalize(entry.At);
        var hash = AuditHash.Compute(seq, at, entry.Actor, entry.Roles, entry.Action, entry.Resource, entry.Outcome, entry.TraceId, previousHash);
        return new AuditRecord(seq, at, entry.Actor, entry.Roles, entry.Action, entry.Resource, entry.Outcome, entry.TraceId, previousHash, hash);
    }

    /// <summary>
    /// <see cref="Link(long, string, AuditEntry)"/> with a caller-owned encoder, which afterwards holds the record's
    /// encoded fields and hash for binding.
    /// </summary>
    public static AuditRecord Link(long previousSeq, string previousHash, AuditEntry entry, AuditRecordEncoder encoder)
    {
        var seq = previousSeq + 1;
        var at = AuditHash.Normalize(entry.At);
        encoder.Encode(seq, at, entry.Actor, entry.Roles, entry.Action, entry.Resource, entry.Outcome, entry.TraceId, previousHash);
        var hash = encoder.ComputeHash();
        return new AuditRecord(seq, at, entry.Actor, entry.Roles, entry.Action, entry.Resource, entry.Outcome, entry.TraceId, previousHash, hash);
    }

    /// <summary>Recomputes the hash from the stored fields.</summary>
    public string ComputeHash() => AuditHash.Compute(Seq, At, Actor, Roles, Action, Resource, Outcome, TraceId, PrevHash);
}
