namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>
/// Tests that count loaded assemblies or cached wire types, which other tests change as they run: they run alone,
/// after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WireTypeCollection
{
    public const string Name = "WireTypes";
}
