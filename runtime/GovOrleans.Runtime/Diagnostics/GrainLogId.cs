using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Diagnostics;

/// <summary>
/// A grain id as the runtime's log messages show it: as is, or, for grain types marked
/// <see cref="PersonalDataKeyAttribute"/>, as <c>type/~pseudonym</c>. The pseudonym is an HMAC of the key under a key made
/// once per process, so it cannot be reversed by trying every national identification number, and it matches log lines of
/// one process only.
/// </summary>
internal readonly struct GrainLogId(GrainId grainId)
{
    private static readonly ConcurrentDictionary<GrainType, bool> s_personal = new();
    private static readonly byte[] s_pseudonymKey = RandomNumberGenerator.GetBytes(32);

    public static implicit operator GrainLogId(GrainId grainId) => new(grainId);

    /// <summary>Keys of <paramref name="grainType"/> identify people: log them as pseudonyms from now on.</summary>
    public static void MarkPersonal(GrainType grainType) => s_personal[grainType] = true;

    public override string ToString() =>
        s_personal.ContainsKey(grainId.Type) ? grainId.Type.Value + "/~" + Pseudonym(grainId.Key) : grainId.ToString();

    private static string Pseudonym(string key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(s_pseudonymKey, Encoding.UTF8.GetBytes(key)).AsSpan(0, 8));
}
