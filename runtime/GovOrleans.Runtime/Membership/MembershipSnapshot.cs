namespace GovOrleans.Runtime.Membership;

/// <summary>The whole table at one table version.</summary>
/// <param name="Version">Bumped by every insert and status change (not by heartbeats); 0 for an empty cluster.</param>
/// <param name="Entries">Every row of the cluster, dead ones included until cleaned up.</param>
public sealed record MembershipSnapshot(long Version, IReadOnlyList<MembershipEntry> Entries);
