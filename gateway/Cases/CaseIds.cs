using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GovOrleans.Gateway.Cases;

/// <summary>Case ids (<c>C-</c> + 20 hex digits) and the request fingerprint that makes <c>Idempotency-Key</c> retries safe.</summary>
internal static class CaseIds
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>A fresh random id.</summary>
    public static string New() => "C-" + RandomNumberGenerator.GetHexString(20);

    /// <summary>The id a retried request with the same key maps to: derived from the caller and the key.</summary>
    public static string FromIdempotencyKey(string subject, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(subject + "\n" + key));
        return "C-" + Convert.ToHexString(hash)[..20];
    }

    /// <summary>A valid key: 1–128 visible ASCII characters.</summary>
    public static bool IsValidIdempotencyKey(string key) => key.Length is >= 1 and <= 128 && key.All(c => c is >= '!' and <= '~');

    /// <summary>SHA-256 (hex) of the canonical body: the case type and the data sorted by name.</summary>
    public static string Fingerprint(string caseTypeCode, ImmutableDictionary<string, string> data)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("caseTypeCode", caseTypeCode);
            writer.WriteStartObject("data");
            foreach (var (name, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Convert.ToHexString(SHA256.HashData(buffer.ToArray()));
    }
}
