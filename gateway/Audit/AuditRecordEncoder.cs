using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// Writes the canonical encoding of one record (see <see cref="AuditHash"/>) as UTF-8 into a reusable buffer and hashes
/// it, without intermediate strings. The encoded fields stay readable until the next <see cref="Encode"/>, so a store
/// can bind them as they are. Not thread-safe: one per writer or thread.
/// </summary>
internal sealed class AuditRecordEncoder
{
    /// <summary>The fields in encoding order.</summary>
    public enum Field
    {
        Seq,
        At,
        Actor,
        Roles,
        Action,
        Resource,
        Outcome,
        TraceId,
        PrevHash,
    }

    private const int FieldCount = 9;
    private const int TimestampLength = 27;
    private const int NumberLength = 20;
    private const int HashHexLength = SHA256.HashSizeInBytes * 2;

    /// <summary>Room for a length prefix, ':' and ',' around one field.</summary>
    private const int FramingLength = 13;

    private readonly (int Start, int Length)[] _fields = new (int, int)[FieldCount];
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _hash = new byte[SHA256.HashSizeInBytes];
    private readonly byte[] _hashHex = new byte[HashHexLength];
    private byte[] _buffer = new byte[1024];
    private int _length;

    /// <summary>The encoding of the last record.</summary>
    public ReadOnlySpan<byte> Encoded => _buffer.AsSpan(0, _length);

    /// <summary>The UTF-8 value of one field of the last record.</summary>
    public ReadOnlySpan<byte> this[Field field] => _buffer.AsSpan(_fields[(int)field].Start, _fields[(int)field].Length);

    /// <summary>The hash of the last record as lower-case hex in UTF-8, valid after <see cref="ComputeHash"/>.</summary>
    public ReadOnlySpan<byte> HashHexUtf8 => _hashHex;

    /// <summary>Encodes one record; <paramref name="at"/> is normalized to UTC microseconds first.</summary>
    public void Encode(long seq, DateTimeOffset at, string actor, string roles, string action, string resource, int outcome, string traceId, string prevHash)
    {
        var maximum = (FieldCount * FramingLength) + (3 * NumberLength) + TimestampLength
            + Encoding.UTF8.GetMaxByteCount(actor.Length + roles.Length + action.Length + resource.Length + traceId.Length + prevHash.Length);
        if (_buffer.Length < maximum)
        {
            _buffer = new byte[Math.Max(maximum, _buffer.Length * 2)];
        }

        _length = 0;
        Span<byte> scratch = stackalloc byte[32];
        WriteNumber(Field.Seq, seq, scratch);
        WriteField(Field.At, scratch[..WriteTimestamp(AuditHash.Normalize(at).UtcDateTime, scratch)]);
        WriteText(Field.Actor, actor);
        WriteText(Field.Roles, roles);
        WriteText(Field.Action, action);
        WriteText(Field.Resource, resource);
        WriteNumber(Field.Outcome, outcome, scratch);
        WriteText(Field.TraceId, traceId);
        WriteText(Field.PrevHash, prevHash);
    }

    /// <summary>SHA-256 of the last encoding, as a lower-case hex string (also kept as UTF-8 in <see cref="HashHexUtf8"/>).</summary>
    public string ComputeHash()
    {
        _sha256.AppendData(Encoded);
        _sha256.GetHashAndReset(_hash);
        var hex = Convert.ToHexStringLower(_hash);
        Encoding.ASCII.GetBytes(hex, _hashHex);
        return hex;
    }

    /// <summary>Writes <see cref="AuditHash.TimestampFormat"/> (<c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>) of a UTC time; 27 bytes.</summary>
    internal static int WriteTimestamp(DateTime utc, Span<byte> destination)
    {
        var (year, month, day) = utc;
        var time = utc.TimeOfDay;
        var target = destination[..TimestampLength];
        WriteDigits(target[..4], year);
        target[4] = (byte)'-';
        WriteDigits(target.Slice(5, 2), month);
        target[7] = (byte)'-';
        WriteDigits(target.Slice(8, 2), day);
        target[10] = (byte)'T';
        WriteDigits(target.Slice(11, 2), time.Hours);
        target[13] = (byte)':';
        WriteDigits(target.Slice(14, 2), time.Minutes);
        target[16] = (byte)':';
        WriteDigits(target.Slice(17, 2), time.Seconds);
        target[19] = (byte)'.';
        WriteDigits(target.Slice(20, 6), (int)(time.Ticks % TimeSpan.TicksPerSecond / 10));
        target[26] = (byte)'Z';
        return TimestampLength;
    }

    private static void WriteDigits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private void WriteNumber(Field field, long value, Span<byte> scratch)
    {
        value.TryFormat(scratch, out var written, default, CultureInfo.InvariantCulture);
        WriteField(field, scratch[..written]);
    }

    private void WriteField(Field field, ReadOnlySpan<byte> value)
    {
        WritePrefix(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _fields[(int)field] = (_length, value.Length);
        _length += value.Length;
        _buffer[_length++] = (byte)',';
    }

    private void WriteText(Field field, string value)
    {
        WritePrefix(Encoding.UTF8.GetByteCount(value));
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        _fields[(int)field] = (_length, written);
        _length += written;
        _buffer[_length++] = (byte)',';
    }

    private void WritePrefix(int byteCount)
    {
        byteCount.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
        _buffer[_length++] = (byte)':';
    }
}
