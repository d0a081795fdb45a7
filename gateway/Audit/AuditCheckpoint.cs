using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// A signed statement that the chain had reached <see cref="Seq"/> with <see cref="Hash"/>. The signature is an
/// HMAC-SHA256 under a key kept outside the audit database, so whoever can rewrite the database can neither forge a
/// checkpoint nor make a truncated or re-hashed chain agree with the checkpoints written before.
/// </summary>
/// <remarks>One line of the checkpoint file: <c>v1 &lt;seq&gt; &lt;hash&gt; &lt;at&gt; &lt;signature&gt;</c>.</remarks>
internal sealed record AuditCheckpoint(long Seq, string Hash, DateTimeOffset At, string Signature)
{
    private const string Version = "v1";

    public static AuditCheckpoint Create(long seq, string hash, DateTimeOffset at, byte[] key)
    {
        var normalized = AuditHash.Normalize(at);
        return new AuditCheckpoint(seq, hash, normalized, Sign(seq, hash, normalized, key));
    }

    /// <summary>Parses one line; null when it is not a well-formed checkpoint line (the signature is checked separately).</summary>
    public static AuditCheckpoint? Parse(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 5 || parts[0] != Version
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq < 1
            || parts[2].Length != 64 || parts[4].Length != 64
            || !DateTimeOffset.TryParseExact(parts[3], AuditHash.TimestampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return null;
        }

        return new AuditCheckpoint(seq, parts[2], at, parts[4]);
    }

    public string Format() =>
        string.Join(' ', Version, Seq.ToString(CultureInfo.InvariantCulture), Hash, AuditHash.FormatTimestamp(At), Signature);

    public bool HasValidSignature(byte[] key) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(Seq, Hash, At, key)),
            Encoding.ASCII.GetBytes(Signature));

    private static string Sign(long seq, string hash, DateTimeOffset at, byte[] key)
    {
        // A domain prefix keeps these MACs from being valid for anything else the same key might sign.
        var message = $"govorleans-audit-checkpoint {Version} {seq.ToString(CultureInfo.InvariantCulture)} {hash} {AuditHash.FormatTimestamp(at)}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message)));
    }
}
