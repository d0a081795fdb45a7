using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GovOrleans.Gateway.Audit;

namespace GovOrleans.Gateway.Tests.Audit;

/// <summary>The hash encoding must stay byte-for-byte what earlier gateways wrote, or their chains would no longer verify.</summary>
public sealed class AuditHashTests
{
    public static TheoryData<long, string, string, string, string, int, string> Records => new()
    {
        { 1, "anna", "citizen", "GET /api/v1/cases/{id}", "C-0123456789ABCDEF0123", 200, "4bf92f3577b34da6a3ce929d0e0e4736" },
        { 9_876_543_210, "anonymous", "", "GET (unmatched)", "", 404, "0HN8S2C1M3V4B:00000001" },
        { 42, "cw-1", "caseworker,department-admin", "POST /api/v1/cases/{id}/transitions", "(invalid)", 422, "t" },
        { 7, "jürgen@gemeente.nl", "ρόλος,角色", "GET /api/v1/people/{subject}", "a,b:c", 201, "🙂" },
        { 3, "broken\uD800surrogate", "\uDC00", "x", new string('r', 256), 500, "" },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Compute_MatchesTheReferenceEncoding(long seq, string actor, string roles, string action, string resource, int outcome, string traceId)
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 34, 56, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var previous = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(actor)));

        var hash = AuditHash.Compute(seq, at, actor, roles, action, resource, outcome, traceId, previous);

        Assert.Equal(Reference(seq, at, actor, roles, action, resource, outcome, traceId, previous), hash);
    }

    [Fact]
    public void Encoder_FieldsHoldTheBoundValues()
    {
        var encoder = new AuditRecordEncoder();
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(17);

        encoder.Encode(12, at, "anna", "", "GET /x", "r", 200, "trace", AuditRecord.GenesisHash);
        var hash = encoder.ComputeHash();

        Assert.Equal("2026-03-01T12:00:00.000001Z", Text(encoder[AuditRecordEncoder.Field.At]));
        Assert.Equal(AuditHash.FormatTimestamp(at), Text(encoder[AuditRecordEncoder.Field.At]));
        Assert.Equal("anna", Text(encoder[AuditRecordEncoder.Field.Actor]));
        Assert.Equal("", Text(encoder[AuditRecordEncoder.Field.Roles]));
        Assert.Equal("12", Text(encoder[AuditRecordEncoder.Field.Seq]));
        Assert.Equal(AuditRecord.GenesisHash, Text(encoder[AuditRecordEncoder.Field.PrevHash]));
        Assert.Equal(hash, Text(encoder.HashHexUtf8));
        Assert.StartsWith("2:12,27:2026-03-01T12:00:00.000001Z,4:anna,0:,", Text(encoder.Encoded), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2026, 3, 1, 12, 0, 0, 17L)]
    [InlineData(1, 1, 1, 0, 0, 0, 0L)]
    [InlineData(42, 7, 9, 3, 4, 5, 9_999_999L)]
    [InlineData(9999, 12, 31, 23, 59, 59, 9_999_990L)]
    public void WriteTimestamp_MatchesTheFormatString(int year, int month, int day, int hour, int minute, int second, long ticks)
    {
        var at = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(ticks);
        Span<byte> utf8 = stackalloc byte[32];

        var written = AuditRecordEncoder.WriteTimestamp(AuditHash.Normalize(at).UtcDateTime, utf8);

        Assert.Equal(AuditHash.FormatTimestamp(at), Text(utf8[..written]));
    }

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    /// <summary>The encoding as first written: netstrings built in a StringBuilder, then UTF-8, then SHA-256.</summary>
    private static string Reference(long seq, DateTimeOffset at, string actor, string roles, string action, string resource, int outcome, string traceId, string prevHash)
    {
        var utc = at.ToUniversalTime();
        var timestamp = new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var buffer = new StringBuilder();
        foreach (var field in new[] { seq.ToString(CultureInfo.InvariantCulture), timestamp, actor, roles, action, resource, outcome.ToString(CultureInfo.InvariantCulture), traceId, prevHash })
        {
            buffer.Append(Encoding.UTF8.GetByteCount(field).ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append(',');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(buffer.ToString())));
    }
}
