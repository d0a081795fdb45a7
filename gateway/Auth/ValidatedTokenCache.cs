using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace GovOrleans.Gateway.Auth;

/// <summary>
/// Bearer tokens that passed full validation, keyed by the SHA-256 digest of the token's UTF-8 bytes. The raw token is
/// not kept: a hit needs all 256 bits of the digest to match, so another token would need a SHA-256 second preimage to
/// be taken for a cached one, and the cache holds no usable credentials. An entry lives until the token expires or
/// <see cref="MaxAge"/> after it was validated, whichever is first; expired entries are never returned. Failures are
/// never cached. Size is bounded: a full cache first drops expired entries, then arbitrary ones.
/// </summary>
internal sealed class ValidatedTokenCache(int capacity, TimeSpan maxAge, TimeProvider time)
{
    private const int StackLimit = 4096;

    [ThreadStatic]
    private static IncrementalHash? s_sha256;

    private readonly ConcurrentDictionary<TokenDigest, Entry> _entries = new();
    private readonly Lock _trimLock = new();

    public int Capacity { get; } = capacity;

    public TimeSpan MaxAge { get; } = maxAge;

    /// <summary>Entries currently held (expired ones included until they are dropped).</summary>
    public int Count => _entries.Count;

    /// <summary>The cache key of <paramref name="token"/>.</summary>
    public static TokenDigest Digest(ReadOnlySpan<char> token)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(token.Length);
        byte[]? rented = null;
        var utf8 = maxBytes <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(token, utf8);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            // One reusable hash object per thread: the one-shot API creates and frees a native context per call.
            var sha256 = s_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            s_sha256 = null;
            sha256.AppendData(utf8[..length]);
            sha256.GetHashAndReset(hash);
            s_sha256 = sha256;
            return new TokenDigest(MemoryMarshal.Read<UInt128>(hash), MemoryMarshal.Read<UInt128>(hash[16..]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The caller of a cached, unexpired token.</summary>
    public bool TryGet(TokenDigest digest, out AuthenticatedCaller caller)
    {
        if (_entries.TryGetValue(digest, out var entry))
        {
            if (time.GetUtcNow().UtcTicks < entry.ExpiresAtTicks)
            {
                caller = entry.Caller;
                return true;
            }

            _entries.TryRemove(KeyValuePair.Create(digest, entry));
        }

        caller = null!;
        return false;
    }

    /// <summary>Keeps a validated token until <paramref name="tokenExpires"/> or <see cref="MaxAge"/> from now, whichever is first.</summary>
    public void Add(TokenDigest digest, AuthenticatedCaller caller, DateTimeOffset tokenExpires)
    {
        var now = time.GetUtcNow();
        var expires = now + MaxAge < tokenExpires ? now + MaxAge : tokenExpires;
        if (expires <= now)
        {
            return;
        }

        if (_entries.Count >= Capacity)
        {
            Trim(now.UtcTicks);
        }

        _entries[digest] = new Entry(caller, expires.UtcTicks);
    }

    private void Trim(long nowTicks)
    {
        lock (_trimLock)
        {
            if (_entries.Count < Capacity)
            {
                return;
            }

            foreach (var (digest, entry) in _entries)
            {
                if (entry.ExpiresAtTicks <= nowTicks)
                {
                    _entries.TryRemove(KeyValuePair.Create(digest, entry));
                }
            }

            // Still full of live tokens: drop a quarter, in the dictionary's (hash) order, which no caller can steer.
            var excess = _entries.Count - (Capacity * 3 / 4);
            foreach (var digest in _entries.Keys)
            {
                if (excess-- <= 0)
                {
                    break;
                }

                _entries.TryRemove(digest, out _);
            }
        }
    }

    /// <summary>A SHA-256 digest as two 128-bit halves; equality compares all 256 bits.</summary>
    internal readonly record struct TokenDigest(UInt128 Low, UInt128 High);

    private readonly record struct Entry(AuthenticatedCaller Caller, long ExpiresAtTicks);
}
