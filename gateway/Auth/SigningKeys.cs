using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace GovOrleans.Gateway.Auth;

/// <summary>
/// The keys tokens are signed and validated with, loaded from the current <see cref="AuthOptions"/>. When the
/// configuration is reloaded (a key rotation), the next read loads a new <see cref="SigningKeySet"/>; consumers that
/// derive state from the keys compare the instance they built it from.
/// </summary>
internal sealed class SigningKeys(IOptionsMonitor<AuthOptions> options)
{
    private readonly Lock _lock = new();
    private SigningKeySet? _current;

    /// <summary>The keys of the current options.</summary>
    public SigningKeySet Current
    {
        get
        {
            var value = options.CurrentValue;
            var current = Volatile.Read(ref _current);
            return current is not null && ReferenceEquals(current.Options, value) ? current : Reload(value);
        }
    }

    /// <summary>The development HS256 key, or null.</summary>
    public SymmetricSecurityKey? Symmetric => Current.Symmetric;

    /// <summary>Every key a token may be signed with.</summary>
    public IReadOnlyList<SecurityKey> ValidationKeys => Current.ValidationKeys;

    /// <summary>Loads an RSA or EC public key from PEM text; null when it is neither.</summary>
    public static SecurityKey? TryLoadPublicKey(string pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (ArgumentException)
        {
        }
        catch (CryptographicException)
        {
        }

        try
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            return new ECDsaSecurityKey(ecdsa);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private SigningKeySet Reload(AuthOptions value)
    {
        lock (_lock)
        {
            if (_current is { } current && ReferenceEquals(current.Options, value))
            {
                return current;
            }

            var loaded = SigningKeySet.Load(value);
            Volatile.Write(ref _current, loaded);
            return loaded;
        }
    }
}
