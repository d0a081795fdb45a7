using System.Globalization;

namespace GovOrleans.Runtime.Membership;

/// <summary>
/// A silo incarnation: its endpoint plus a generation (its start time in Unix milliseconds), so a restarted silo
/// on the same endpoint is a new member and the old incarnation stays dead.
/// </summary>
/// <param name="Host">The advertised IP address or host name (on Kubernetes the pod IP).</param>
/// <param name="Port">The silo-to-silo port.</param>
/// <param name="Generation">The incarnation, unique per endpoint.</param>
public readonly record struct SiloAddress(string Host, int Port, long Generation)
{
    /// <summary>"host:port@generation", the form stored in tables.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");

    /// <summary>Parses the form written by <see cref="ToString"/>.</summary>
    /// <param name="value">The text.</param>
    public static SiloAddress Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.LastIndexOf('@');
        var colon = at < 0 ? -1 : value.LastIndexOf(':', at);
        if (colon <= 0
            || !int.TryParse(value.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !long.TryParse(value.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            throw new FormatException("A silo address has the form host:port@generation.");
        }

        return new SiloAddress(value[..colon], port, generation);
    }
}
