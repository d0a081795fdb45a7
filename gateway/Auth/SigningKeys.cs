using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace GovOrleans.Gateway.Auth;

/// <summary>The keys tokens are validated with, built once from <see cref="AuthOptions"/>.</summary>
internal sealed class SigningKeys
{
    public SigningKeys(IOptions<AuthOptions> options)
    {
        var value = options.Value;
        var keys = new List<SecurityKey>();
        if (!string.IsNullOrEmpty(value.SymmetricKey))
        {
            Symmetric = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(value.SymmetricKey)) { KeyId = "dev-hs256" };
            keys.Add(Symmetric);
        }

        foreach (var pem in value.PublicKeysPem)
        {
            if (TryLoadPublicKey(pem) is { } key)
            {
                keys.Add(key);
            }
        }

        ValidationKeys = keys;
    }

    /// <summary>The development HS256 key, or null.</summary>
    public SymmetricSecurityKey? Symmetric { get; }

    /// <summary>Every key a token may be signed with.</summary>
    public IReadOnlyList<SecurityKey> ValidationKeys { get; }

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
}
