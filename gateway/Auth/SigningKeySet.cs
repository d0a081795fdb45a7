using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace GovOrleans.Gateway.Auth;

/// <summary>One generation of signing keys, loaded from one <see cref="AuthOptions"/> instance.</summary>
internal sealed class SigningKeySet
{
    private SigningKeySet(AuthOptions options, SymmetricSecurityKey? symmetric, IReadOnlyList<SecurityKey> validationKeys)
    {
        Options = options;
        Symmetric = symmetric;
        ValidationKeys = validationKeys;
    }

    /// <summary>The options the keys were loaded from; a different instance means the configuration was reloaded.</summary>
    public AuthOptions Options { get; }

    /// <summary>The development HS256 key, or null.</summary>
    public SymmetricSecurityKey? Symmetric { get; }

    /// <summary>Every key a token may be signed with.</summary>
    public IReadOnlyList<SecurityKey> ValidationKeys { get; }

    public static SigningKeySet Load(AuthOptions options)
    {
        var keys = new List<SecurityKey>();
        SymmetricSecurityKey? symmetric = null;
        if (!string.IsNullOrEmpty(options.SymmetricKey))
        {
            symmetric = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SymmetricKey)) { KeyId = "dev-hs256" };
            keys.Add(symmetric);
        }

        foreach (var pem in options.PublicKeysPem)
        {
            if (SigningKeys.TryLoadPublicKey(pem) is { } key)
            {
                keys.Add(key);
            }
        }

        return new SigningKeySet(options, symmetric, keys);
    }
}
