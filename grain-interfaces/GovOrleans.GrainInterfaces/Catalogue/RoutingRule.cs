namespace GovOrleans.GrainInterfaces.Catalogue;

/// <summary>Sends a case to <paramref name="Department"/> when data field <paramref name="Field"/> equals <paramref name="Value"/> (case-insensitive). Rules are tried in order.</summary>
public sealed record RoutingRule(string Field, string Value, string Department);
