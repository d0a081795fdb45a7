using GovOrleans.Runtime.Membership;

namespace GovOrleans.Runtime.Cluster;

/// <summary>An immutable view of the membership table at one version.</summary>
internal sealed class ClusterView
{
    public static readonly ClusterView Empty = new(0, []);

    private readonly Dictionary<SiloAddress, MembershipEntry> _members;

    public ClusterView(long version, IEnumerable<MembershipEntry> entries)
    {
        Version = version;
        _members = entries.ToDictionary(e => e.Address);
        Active = _members.Values.Where(e => e.Status == SiloStatus.Active).Select(e => e.Address)
            .OrderBy(a => a.ToString(), StringComparer.Ordinal).ToArray();
        Ring = new HashRing(Active);
        GatewayRing = new HashRing(_members.Values.Where(e => e.Status == SiloStatus.Active && e.GatewayPort > 0).Select(e => e.Address));
    }

    public long Version { get; }

    public IReadOnlyList<SiloAddress> Active { get; }

    public IEnumerable<MembershipEntry> Members => _members.Values;

    /// <summary>Placement and reminder ownership among active silos.</summary>
    public HashRing Ring { get; }

    /// <summary>Placement for clients: active silos that accept clients.</summary>
    public HashRing GatewayRing { get; }

    public SiloStatus StatusOf(SiloAddress silo) => _members.TryGetValue(silo, out var entry) ? entry.Status : SiloStatus.None;

    public MembershipEntry? Get(SiloAddress silo) => _members.GetValueOrDefault(silo);

    public bool IsActive(SiloAddress silo) => StatusOf(silo) == SiloStatus.Active;
}
