using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// XxHash32 (seed 0) over UTF-8, implemented from the published algorithm description.
/// Stable across processes, machines and .NET versions, which <see cref="string.GetHashCode()"/> is not.
/// </summary>
public static class StableHash
{
    private const uint Prime1 = 2654435761U;
    private const uint Prime2 = 2246822519U;
    private const uint Prime3 = 3266489917U;
    private const uint Prime4 = 668265263U;
    private const uint Prime5 = 374761393U;

    /// <summary>Hashes the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return Compute(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Hashes bytes.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var length = (uint)data.Length;
        uint hash;
        if (data.Length >= 16)
        {
            uint v1 = unchecked(Prime1 + Prime2), v2 = Prime2, v3 = 0, v4 = unchecked(0 - Prime1);
            while (data.Length >= 16)
            {
                v1 = Round(v1, BinaryPrimitives.ReadUInt32LittleEndian(data));
                v2 = Round(v2, BinaryPrimitives.ReadUInt32LittleEndian(data[4..]));
                v3 = Round(v3, BinaryPrimitives.ReadUInt32LittleEndian(data[8..]));
                v4 = Round(v4, BinaryPrimitives.ReadUInt32LittleEndian(data[12..]));
                data = data[16..];
            }

            hash = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7)
                + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
        }
        else
        {
            hash = Prime5;
        }

        hash += length;
        while (data.Length >= 4)
        {
            hash = BitOperations.RotateLeft(hash + (BinaryPrimitives.ReadUInt32LittleEndian(data) * Prime3), 17) * Prime4;
            data = data[4..];
        }

        foreach (var b in data)
        {
            hash = BitOperations.RotateLeft(hash + (b * Prime5), 11) * Prime1;
        }

        hash ^= hash >> 15;
        hash *= Prime2;
        hash ^= hash >> 13;
        hash *= Prime3;
        hash ^= hash >> 16;
        return hash;
    }

    /// <summary>Combines two hashes the way the uniform grain hash does (type × 31 + key).</summary>
    public static uint Combine(uint typeHash, uint keyHash) => unchecked((typeHash * 31) + keyHash);

    private static uint Round(uint acc, uint input) => BitOperations.RotateLeft(acc + (input * Prime2), 13) * Prime1;
}
