using System.Reflection;

namespace GovOrleans.Runtime.Catalog;

/// <summary>Where the silo finds grain classes.</summary>
public sealed class GrainTypeOptions
{
    /// <summary>
    /// Assemblies to scan for grain classes. When empty, every loaded assembly that references
    /// GovOrleans.Runtime.Abstractions is scanned.
    /// </summary>
    public IList<Assembly> Assemblies { get; } = [];
}
