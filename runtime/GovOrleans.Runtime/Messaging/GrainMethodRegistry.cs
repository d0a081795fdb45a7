using System.Collections.Concurrent;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Serialization;

namespace GovOrleans.Runtime.Messaging;

/// <summary>Finds the grain method a request frame names by its wire id; built from the grain classes this process hosts.</summary>
internal sealed class GrainMethodRegistry
{
    private readonly ConcurrentDictionary<int, GrainMethod> _methods = new();

    public GrainMethodRegistry(GrainTypeResolver resolver, DeepCopier copier)
    {
        foreach (var grainClass in resolver.GrainClasses)
        {
            foreach (var grainInterface in grainClass.ClassType.GetInterfaces())
            {
                if (grainInterface == typeof(IGrain) || !typeof(IGrain).IsAssignableFrom(grainInterface)
                    || grainInterface.GetMethods().Length == 0 || GrainInterfaceMetadata.Validate(grainInterface).Count > 0)
                {
                    continue;
                }

                foreach (var method in GrainInterfaceMetadata.Get(grainInterface, copier).Methods)
                {
                    Add(method);
                }
            }
        }
    }

    public GrainMethod? Find(int wireId) => _methods.GetValueOrDefault(wireId);

    private void Add(GrainMethod method)
    {
        var existing = _methods.GetOrAdd(method.WireId, method);
        if (!ReferenceEquals(existing, method) && existing.InterfaceMethod != method.InterfaceMethod
            && !string.Equals(existing.WireName, method.WireName, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Grain methods {existing.WireName} and {method.WireName} hash to the same wire id; rename one of them.");
        }
    }
}
