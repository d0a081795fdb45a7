using System.Buffers.Binary;
using System.Text;

namespace GovOrleans.Runtime.Messaging;

/// <summary>Reads the binary part of one frame; every read is bounds-checked and fails with <see cref="MalformedFrameException"/>.</summary>
internal ref struct FrameReader(ReadOnlySpan<byte> frame)
{
    private const int MaxStringBytes = 64 * 1024;
    private readonly ReadOnlySpan<byte> _frame = frame;
    private int _position;

    public readonly ReadOnlySpan<byte> Remaining => _frame[_position..];

    public byte ReadByte()
    {
        Require(1);
        return _frame[_position++];
    }

    public int ReadInt32()
    {
        Require(4);
        var value = BinaryPrimitives.ReadInt32LittleEndian(_frame[_position..]);
        _position += 4;
        return value;
    }

    public long ReadInt64()
    {
        Require(8);
        var value = BinaryPrimitives.ReadInt64LittleEndian(_frame[_position..]);
        _position += 8;
        return value;
    }

    public string ReadString()
    {
        var length = ReadInt32();
        if (length < 0 || length > MaxStringBytes)
        {
            throw new MalformedFrameException($"String length {length} is out of range.");
        }

        Require(length);
        var value = Encoding.UTF8.GetString(_frame.Slice(_position, length));
        _position += length;
        return value;
    }

    private readonly void Require(int count)
    {
        if (_frame.Length - _position < count)
        {
            throw new MalformedFrameException("The frame ended early.");
        }
    }
}
