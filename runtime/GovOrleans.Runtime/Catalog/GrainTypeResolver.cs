using System.Reflection;
using GovOrleans.Runtime.Abstractions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Catalog;

/// <summary>Maps grain interfaces to grain classes and durable grain type names to classes.</summary>
internal sealed class GrainTypeResolver(IOptions<GrainTypeOptions> options)
{
    private readonly Lock _lock = new();
    private Dictionary<GrainType, GrainClassInfo> _byType = [];
    private Dictionary<Type, GrainType> _byInterface = [];
    private HashSet<Assembly> _scanned = [];

    /// <summary>The durable name for a class: <see cref="GrainTypeAttribute"/>, else the class name lower-cased without "Grain".</summary>
    public static GrainType DefaultGrainType(Type classType)
    {
        if (classType.GetCustomAttribute<GrainTypeAttribute>(inherit: false) is { } attribute)
        {
            return new GrainType(attribute.Name);
        }

        var name = classType.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        name = name.ToLowerInvariant();
        if (name.Length > 5 && name.EndsWith("grain", StringComparison.Ordinal))
        {
            name = name[..^5];
        }

        return new GrainType(name);
    }

    public IReadOnlyCollection<GrainClassInfo> GrainClasses
    {
        get
        {
            EnsureScanned(force: false);
            return _byType.Values;
        }
    }

    public GrainType GetGrainType(Type interfaceType)
    {
        if (_byInterface.TryGetValue(interfaceType, out var grainType))
        {
            return grainType;
        }

        EnsureScanned(force: true);
        return _byInterface.TryGetValue(interfaceType, out grainType)
            ? grainType
            : throw new InvalidOperationException(DescribeMissing(interfaceType));
    }

    public GrainClassInfo GetClassInfo(GrainType grainType)
    {
        if (_byType.TryGetValue(grainType, out var info))
        {
            return info;
        }

        EnsureScanned(force: true);
        return _byType.TryGetValue(grainType, out info)
            ? info
            : throw new InvalidOperationException($"No grain class has the grain type '{grainType}'.");
    }

    private void EnsureScanned(bool force)
    {
        lock (_lock)
        {
            var assemblies = options.Value.Assemblies.Count > 0
                ? options.Value.Assemblies
                : AppDomain.CurrentDomain.GetAssemblies().Where(ReferencesAbstractions).ToList();
            if (!force && _scanned.Count > 0)
            {
                return;
            }

            var fresh = assemblies.Where(a => !_scanned.Contains(a)).ToList();
            if (fresh.Count == 0 && _scanned.Count > 0)
            {
                return;
            }

            // Copy-on-write: lookups read the dictionaries without the lock.
            var byType = new Dictionary<GrainType, GrainClassInfo>(_byType);
            var byInterface = new Dictionary<Type, GrainType>(_byInterface);
            var ambiguous = new HashSet<Type>();
            foreach (var type in fresh.SelectMany(SafeGetTypes))
            {
                if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters || !typeof(Grain).IsAssignableFrom(type))
                {
                    continue;
                }

                var grainType = DefaultGrainType(type);
                if (byType.TryGetValue(grainType, out var existing) && existing.ClassType != type)
                {
                    throw new InvalidOperationException(
                        $"Grain classes {existing.ClassType} and {type} both have grain type '{grainType}'; give one a [GrainType] name.");
                }

                byType[grainType] = new GrainClassInfo(grainType, type);
                if (type.IsDefined(typeof(PersonalDataKeyAttribute), inherit: false))
                {
                    GrainIdText.MarkPersonal(grainType);
                }

                foreach (var grainInterface in type.GetInterfaces().Where(i => typeof(IGrain).IsAssignableFrom(i) && i != typeof(IGrain)))
                {
                    if (byInterface.TryGetValue(grainInterface, out var other) && other != grainType)
                    {
                        ambiguous.Add(grainInterface);
                    }

                    byInterface[grainInterface] = grainType;
                }
            }

            // An interface implemented by several classes (IRemindable, shared bases) cannot pick a class by itself.
            foreach (var grainInterface in ambiguous)
            {
                byInterface.Remove(grainInterface);
            }

            _byType = byType;
            _byInterface = byInterface;
            _scanned = [.. _scanned, .. fresh];
        }
    }

    private string DescribeMissing(Type interfaceType)
    {
        var implementations = _byType.Values.Where(c => interfaceType.IsAssignableFrom(c.ClassType)).Select(c => c.ClassType.Name).ToList();
        return implementations.Count > 1
            ? $"Grain interface {interfaceType.Name} is implemented by several grain classes ({string.Join(", ", implementations)}); address the grain by GrainId."
            : $"No grain class implements {interfaceType.Name}. Is its assembly loaded or listed in GrainTypeOptions.Assemblies?";
    }

    private static bool ReferencesAbstractions(Assembly assembly)
    {
        var abstractions = typeof(IGrain).Assembly.GetName().Name;
        return !assembly.IsDynamic
            && (assembly == typeof(IGrain).Assembly || assembly.GetReferencedAssemblies().Any(r => r.Name == abstractions));
    }

    private static IEnumerable<Type> SafeGetTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
