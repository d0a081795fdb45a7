using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// The canonical encoding the chain hashes. Every field is written as a netstring (<c>byte-length:utf8-bytes,</c>),
/// so no choice of field contents can make two different records encode alike; the timestamp is UTC with exactly
/// microsecond precision because that is what PostgreSQL's timestamptz stores and gives back.
/// </summary>
internal static class AuditHash
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static DateTimeOffset Normalize(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static string FormatTimestamp(DateTimeOffset at) =>
        Normalize(at).UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.ParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string Compute(long seq, DateTimeOffset at, string actor, string roles, string action, string resource, int outcome, string traceId, string prevHash)
    {
        var buffer = new StringBuilder(256);
        Append(buffer, seq.ToString(CultureInfo.InvariantCulture));
        Append(buffer, FormatTimestamp(at));
        Append(buffer, actor);
        Append(buffer, roles);
        Append(buffer, action);
        Append(buffer, resource);
        Append(buffer, outcome.ToString(CultureInfo.InvariantCulture));
        Append(buffer, traceId);
        Append(buffer, prevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(buffer.ToString())));
    }

    private static void Append(StringBuilder buffer, string field) =>
        buffer.Append(Encoding.UTF8.GetByteCount(field).ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append(',');
}
