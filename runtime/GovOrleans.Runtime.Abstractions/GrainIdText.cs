using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// How grain ids appear in log lines and exception messages: as they are, or, for grain types marked
/// <see cref="PersonalDataKeyAttribute"/>, as <c>type/~pseudonym</c>. The pseudonym is an HMAC of the key under a key
/// made once per process, so it cannot be reversed by trying every national identification number, and it matches the
/// lines of one process only.
/// </summary>
internal static class GrainIdText
{
    private static readonly ConcurrentDictionary<GrainType, bool> s_personal = new();
    private static readonly byte[] s_pseudonymKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>Keys of <paramref name="grainType"/> identify people: show them as pseudonyms from now on.</summary>
    public static void MarkPersonal(GrainType grainType) => s_personal[grainType] = true;

    public static string Of(GrainId grainId) =>
        s_personal.ContainsKey(grainId.Type) ? grainId.Type.Value + "/~" + Pseudonym(grainId.Key) : grainId.ToString();

    private static string Pseudonym(string key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(s_pseudonymKey, Encoding.UTF8.GetBytes(key)).AsSpan(0, 8));
}
