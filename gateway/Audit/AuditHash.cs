using System.Globalization;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// The canonical encoding the chain hashes. Every field is written as a netstring (<c>byte-length:utf8-bytes,</c>),
/// so no choice of field contents can make two different records encode alike; the timestamp is UTC with exactly
/// microsecond precision because that is what PostgreSQL's timestamptz stores and gives back. The hash is the
/// lower-case hex SHA-256 of the concatenated netstrings of seq, at, actor, roles, action, resource, outcome,
/// trace id and previous hash (<see cref="AuditRecordEncoder"/> writes them).
/// </summary>
internal static class AuditHash
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    [ThreadStatic]
    private static AuditRecordEncoder? s_encoder;

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
        var encoder = s_encoder ??= new AuditRecordEncoder();
        encoder.Encode(seq, at, actor, roles, action, resource, outcome, traceId, prevHash);
        return encoder.ComputeHash();
    }
}
