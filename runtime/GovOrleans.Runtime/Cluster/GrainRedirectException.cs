using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Membership;

namespace GovOrleans.Runtime.Cluster;

/// <summary>
/// The call did not run: the grain lives elsewhere (<see cref="Silo"/>) or the chosen silo cannot serve it now. The
/// router sends such a call again; it never escapes to application code.
/// </summary>
internal sealed class GrainRedirectException(GrainId grainId, SiloAddress? silo, string reason, SiloAddress? from = null)
    : Exception($"{GrainIdText.Of(grainId)} was not served: {reason}")
{
    public GrainId GrainId { get; } = grainId;

    /// <summary>Where the grain's activation is registered, if known.</summary>
    public SiloAddress? Silo { get; } = silo;

    /// <summary>The silo that refused, so that the router can avoid it until the next view.</summary>
    public SiloAddress? From { get; } = from;

    public string Reason { get; } = reason;
}
