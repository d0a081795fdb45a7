using System.Text;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// The append-only file of signed checkpoints. It belongs outside the audit database (another volume, or a file that
/// log shipping forwards), so that an attacker who rewrites the database still faces the checkpoints written before.
/// </summary>
internal sealed class AuditCheckpointFile(string path, byte[] key)
{
    public string Path => path;

    /// <summary>Signs and appends a checkpoint, and waits until it is on disk.</summary>
    public AuditCheckpoint Append(long seq, string hash, DateTimeOffset at)
    {
        var checkpoint = AuditCheckpoint.Create(seq, hash, at, key);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

        // A line torn by a crash stays malformed (verification reports it), but the next checkpoint starts a line of its own.
        var line = Encoding.ASCII.GetBytes((EndsWithPartialLine(path) ? "\n" : string.Empty) + checkpoint.Format() + "\n");
        stream.Write(line);
        stream.Flush(flushToDisk: true);
        return checkpoint;
    }

    /// <summary>
    /// Walks <paramref name="records"/> against the checkpoints (<see cref="AuditVerification.VerifyAsync(IAsyncEnumerable{AuditRecord}, IReadOnlyList{AuditCheckpoint}?, CancellationToken)"/>).
    /// A chain with records but no checkpoint at all fails too: a gateway writes its first checkpoint within one interval
    /// of its first record and on every stop, so a missing or emptied file means the evidence is gone.
    /// </summary>
    public async Task<AuditVerification> VerifyChainAsync(IAsyncEnumerable<AuditRecord> records, CancellationToken cancellationToken)
    {
        var (checkpoints, problem) = await ReadAsync(cancellationToken);
        if (problem is not null)
        {
            return AuditVerification.CheckpointsUnusable(problem);
        }

        var result = await AuditVerification.VerifyAsync(records, checkpoints, cancellationToken);
        return result.Intact && checkpoints.Count == 0 && result.RecordCount > 0
            ? AuditVerification.CheckpointsUnusable($"the checkpoint file {path} is missing or empty, but the chain has {result.RecordCount} records")
            : result;
    }

    private static bool EndsWithPartialLine(string file)
    {
        using var reader = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (reader.Length == 0)
        {
            return false;
        }

        reader.Seek(-1, SeekOrigin.End);
        return reader.ReadByte() != '\n';
    }

    /// <summary>Every checkpoint in the file (none when it does not exist), or the first line that is malformed or wrongly signed (1-based).</summary>
    public async Task<(IReadOnlyList<AuditCheckpoint> Checkpoints, string? Problem)> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return ([], null);
        }

        var checkpoints = new List<AuditCheckpoint>();
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, Encoding.ASCII, cancellationToken))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            if (AuditCheckpoint.Parse(line) is not { } checkpoint)
            {
                return (checkpoints, $"checkpoint line {number} is malformed");
            }

            if (!checkpoint.HasValidSignature(key))
            {
                return (checkpoints, $"checkpoint line {number} has an invalid signature (forged, altered, or signed with another key)");
            }

            checkpoints.Add(checkpoint);
        }

        return (checkpoints, null);
    }
}
