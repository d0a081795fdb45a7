using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Messaging;

/// <summary>
/// The assemblies this process has already loaded, by simple name, kept current through
/// <see cref="AppDomain.AssemblyLoad"/>. Type names from peers are looked up only here, so a name never makes the
/// process load an assembly: neither by its assembly name nor through a type forwarder (a facade such as netstandard
/// forwards thousands of names to assemblies that may not be loaded, and <see cref="Assembly.GetType(string)"/> would
/// load them).
/// </summary>
internal static class LoadedAssemblies
{
    private static readonly string AbstractionsName = typeof(IGrain).Assembly.GetName().Name!;
    private static readonly string CoreLibName = typeof(object).Assembly.GetName().Name!;

    // Weak: collectible assemblies are decided once and still unload.
    private static readonly ConditionalWeakTable<Assembly, StrongBox<bool>> Applications = new();
    private static readonly ConcurrentDictionary<string, LoadedAssembly> ByName = Build();

    /// <summary>
    /// The type named <paramref name="fullName"/> (a non-generic or generic definition name, nested types with '+')
    /// defined in the loaded assembly <paramref name="assemblyName"/> (null: the core library); null when the assembly is
    /// not loaded, the name is forwarded elsewhere or the assembly defines no such type.
    /// </summary>
    public static Type? FindType(string? assemblyName, string fullName, out string? refusal)
    {
        var assembly = ByName.GetValueOrDefault(assemblyName ?? CoreLibName);
        if (assembly is null)
        {
            refusal = $"its assembly '{assemblyName}' is not loaded in this process";
            return null;
        }

        var plus = fullName.IndexOf('+', StringComparison.Ordinal);
        if (!assembly.Defines(plus < 0 ? fullName : fullName[..plus]))
        {
            refusal = $"'{assembly.Assembly.GetName().Name}' does not define it (forwarded types are not followed)";
            return null;
        }

        var type = assembly.Assembly.GetType(fullName, throwOnError: false, ignoreCase: false);
        refusal = type is null ? $"'{assembly.Assembly.GetName().Name}' has no such type" : null;
        return type;
    }

    /// <summary>Whether <paramref name="assembly"/> holds application code: it references the abstractions and is not part of the runtime.</summary>
    public static bool IsApplication(Assembly assembly) =>
        Applications.GetValue(assembly, static a => new StrongBox<bool>(ReferencesAbstractions(a))).Value;

    private static ConcurrentDictionary<string, LoadedAssembly> Build()
    {
        var byName = new ConcurrentDictionary<string, LoadedAssembly>(StringComparer.OrdinalIgnoreCase);
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Add(byName, e.LoadedAssembly);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            Add(byName, assembly);
        }

        return byName;
    }

    private static void Add(ConcurrentDictionary<string, LoadedAssembly> byName, Assembly assembly)
    {
        // Dynamic assemblies (grain reference proxies) hold no data types; collectible ones must not be kept alive here.
        if (!assembly.IsDynamic && !assembly.IsCollectible && assembly.GetName().Name is { } name)
        {
            byName.TryAdd(name, new LoadedAssembly(assembly));
        }
    }

    // The runtime and its test host reference the abstractions too, but their types are machinery, not data.
    private static bool ReferencesAbstractions(Assembly assembly) =>
        !assembly.IsDynamic
        && assembly != typeof(LoadedAssemblies).Assembly
        && assembly.GetName().Name != "GovOrleans.Runtime.Testing"
        && assembly.GetReferencedAssemblies().Any(r => string.Equals(r.Name, AbstractionsName, StringComparison.Ordinal));

    private sealed class LoadedAssembly(Assembly assembly)
    {
        // Null when the forwarders cannot be read: then nothing is looked up in the assembly.
        private readonly Lazy<HashSet<string>?> _forwarded = new(() => ReadForwarders(assembly, IsApplication(assembly)));

        public Assembly Assembly { get; } = assembly;

        /// <summary>Whether a top-level type name may be looked up here without following a forwarder.</summary>
        public bool Defines(string topLevelName) => _forwarded.Value is { } forwarded && !forwarded.Contains(topLevelName);

        private static HashSet<string>? ReadForwarders(Assembly assembly, bool isApplication)
        {
            var forwarded = new HashSet<string>(StringComparer.Ordinal);
            if (assembly == typeof(object).Assembly)
            {
                return forwarded;
            }

            if (string.IsNullOrEmpty(assembly.Location))
            {
                // No file to read (single-file bundle): only the application's own assemblies are trusted not to forward.
                return isApplication ? forwarded : null;
            }

            try
            {
                using var file = File.OpenRead(assembly.Location);
                using var image = new PEReader(file);
                var metadata = image.GetMetadataReader();
                foreach (var handle in metadata.ExportedTypes)
                {
                    var exported = metadata.GetExportedType(handle);
                    if (exported.IsForwarder)
                    {
                        var ns = metadata.GetString(exported.Namespace);
                        var name = metadata.GetString(exported.Name);
                        forwarded.Add(ns.Length == 0 ? name : $"{ns}.{name}");
                    }
                }

                return forwarded;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
            {
                return isApplication ? forwarded : null;
            }
        }
    }
}
