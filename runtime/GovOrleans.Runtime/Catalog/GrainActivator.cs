using System.Reflection;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Catalog;

/// <summary>
/// Creates grain instances: binds <see cref="PersistentStateAttribute"/> parameters to state bound to the
/// activation, the context and factory to the runtime's, and everything else to the silo's services.
/// </summary>
internal sealed class GrainActivator
{
    private readonly ConstructorInfo _constructor;
    private readonly Func<ActivationData, IServiceProvider, object?>[] _arguments;

    public GrainActivator(Type classType)
    {
        var constructors = classType.GetConstructors();
        _constructor = constructors.Length switch
        {
            0 => throw new InvalidOperationException($"Grain class {classType.Name} has no public constructor."),
            1 => constructors[0],
            _ => constructors.OrderByDescending(c => c.GetParameters().Length).First(),
        };
        _arguments = _constructor.GetParameters().Select(p => Bind(classType, p)).ToArray();
    }

    public object Create(ActivationData activation, IServiceProvider services)
    {
        var arguments = new object?[_arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _arguments[i](activation, services);
        }

        return RuntimeContext.Construct(activation, () => _constructor.Invoke(arguments));
    }

    private static Func<ActivationData, IServiceProvider, object?> Bind(Type classType, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } state)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new InvalidOperationException(
                    $"{classType.Name}({parameter.Name}): [PersistentState] needs a parameter of type IPersistentState<T>.");
            }

            var factory = typeof(GrainActivator).GetMethod(nameof(CreateState), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type.GetGenericArguments()[0])
                .CreateDelegate<Func<ActivationData, IServiceProvider, string, string, object>>();
            var stateName = state.StateName;
            var storageName = state.StorageName;
            return (activation, services) => factory(activation, services, stateName, storageName);
        }

        if (type == typeof(IGrainContext))
        {
            return static (activation, _) => activation;
        }

        if (type == typeof(IGrainFactory))
        {
            return static (activation, _) => activation.GrainFactory;
        }

        var optional = parameter.HasDefaultValue;
        var defaultValue = optional ? parameter.DefaultValue : null;
        return (_, services) => services.GetService(type) ?? (optional
            ? defaultValue
            : throw new InvalidOperationException($"{classType.Name} needs a {type.Name}, which is not registered in the silo's services."));
    }

    private static object CreateState<T>(ActivationData activation, IServiceProvider services, string stateName, string storageName)
    {
        var storage = services.GetKeyedService<IGrainStorage>(storageName) ?? throw new InvalidOperationException(
            $"No grain storage named '{storageName}' is registered; add one with AddMemoryGrainStorage, AddSqliteGrainStorage or AddPostgresGrainStorage.");
        var persistentState = new PersistentState<T>(stateName, storage, activation);
        activation.AddState(persistentState);
        return persistentState;
    }
}
