using System.Collections.Concurrent;
using System.Reflection;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Messaging;
using GovOrleans.Runtime.Serialization;

namespace GovOrleans.Runtime.Invocation;

/// <summary>
/// The callable surface of a grain interface (including inherited interfaces), validated against the rules
/// real Orleans enforces with analyzers: no properties, no ref/out parameters, only Task/ValueTask returns.
/// </summary>
internal sealed class GrainInterfaceMetadata
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceMetadata> Cache = new();
    private readonly Dictionary<MethodInfo, GrainMethod> _methods;

    private GrainInterfaceMetadata(Type interfaceType, Dictionary<MethodInfo, GrainMethod> methods)
    {
        InterfaceType = interfaceType;
        _methods = methods;
    }

    public Type InterfaceType { get; }

    public IEnumerable<GrainMethod> Methods => _methods.Values;

    public static GrainInterfaceMetadata Get(Type interfaceType, DeepCopier copier) =>
        Cache.TryGetValue(interfaceType, out var metadata) ? metadata : Cache.GetOrAdd(interfaceType, Build(interfaceType, copier));

    /// <summary>Every violation of the grain interface rules, empty when the interface is valid.</summary>
    public static IReadOnlyList<string> Validate(Type interfaceType)
    {
        var errors = new List<string>();
        if (!interfaceType.IsInterface || !typeof(IGrain).IsAssignableFrom(interfaceType))
        {
            errors.Add($"{interfaceType} is not an interface deriving IGrain.");
            return errors;
        }

        foreach (var type in AllInterfaces(interfaceType))
        {
            foreach (var property in type.GetProperties())
            {
                errors.Add($"{type.Name}.{property.Name}: grain interfaces cannot have properties (ORLEANS0008).");
            }

            foreach (var method in type.GetMethods())
            {
                if (method.IsSpecialName)
                {
                    continue;
                }

                if (ReturnKindOf(method.ReturnType) is null)
                {
                    errors.Add($"{type.Name}.{method.Name}: grain methods must return Task, Task<T>, ValueTask or ValueTask<T> (ORLEANS0009).");
                }

                if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
                {
                    errors.Add($"{type.Name}.{method.Name}: grain methods cannot have ref, out or in parameters (ORLEANS0002).");
                }

                if (method.IsGenericMethodDefinition)
                {
                    errors.Add($"{type.Name}.{method.Name}: generic grain methods are not supported.");
                }
            }
        }

        return errors;
    }

    public GrainMethod GetMethod(MethodInfo method) =>
        _methods.TryGetValue(method, out var grainMethod)
            ? grainMethod
            : throw new InvalidOperationException($"{method.Name} is not a method of grain interface {InterfaceType.Name}.");

    private static GrainInterfaceMetadata Build(Type interfaceType, DeepCopier copier)
    {
        var errors = Validate(interfaceType);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid grain interface {interfaceType}: " + string.Join(" ", errors));
        }

        var methods = new Dictionary<MethodInfo, GrainMethod>();
        foreach (var type in AllInterfaces(interfaceType))
        {
            foreach (var method in type.GetMethods().Where(m => !m.IsSpecialName))
            {
                var kind = ReturnKindOf(method.ReturnType)!.Value;
                var resultType = kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT ? method.ReturnType.GetGenericArguments()[0] : typeof(object);
                var grainMethod = (GrainMethod)Activator.CreateInstance(typeof(GrainMethod<>).MakeGenericType(resultType), method, kind, copier)!;
                methods[method] = grainMethod;

                // Types of our own signatures: a peer naming them for an argument or result never draws on the build budget.
                foreach (var signatureType in grainMethod.ParameterTypes.Append(resultType))
                {
                    ConstructedTypes.RememberDeclared(signatureType);
                }
            }
        }

        return new GrainInterfaceMetadata(interfaceType, methods);
    }

    private static IEnumerable<Type> AllInterfaces(Type interfaceType) =>
        new[] { interfaceType }.Concat(interfaceType.GetInterfaces()).Where(t => t != typeof(IGrain)).Distinct();

    private static ReturnKind? ReturnKindOf(Type type)
    {
        if (type == typeof(Task))
        {
            return ReturnKind.Task;
        }

        if (type == typeof(ValueTask))
        {
            return ReturnKind.ValueTask;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return ReturnKind.TaskOfT;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return ReturnKind.ValueTaskOfT;
        }

        return null;
    }
}
