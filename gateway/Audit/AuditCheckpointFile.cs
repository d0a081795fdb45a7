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
        var line = Encoding.ASCII.GetBytes(checkpoint.Format() + "\n");
        stream.Write(line);
        stream.Flush(flushToDisk: true);
        return checkpoint;
    }

    /// <summary>
    /// Every checkpoint in the file, in file order, or the first line that is malformed or wrongly signed (1-based).
    /// A missing file reads as no checkpoints only when <paramref name="mustExist"/> is false.
    /// </summary>
    public async Task<(IReadOnlyList<AuditCheckpoint> Checkpoints, string? Problem)> ReadAsync(bool mustExist, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return ([], mustExist ? $"the checkpoint file {path} does not exist" : null);
        }

        var checkpoints = new List<AuditCheckpoint>();
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, Encoding.ASCII, cancellationToken))
        {
            number++;
            if (line.Length == 0 && number > 0)
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
