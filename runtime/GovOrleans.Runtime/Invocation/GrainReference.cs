using System.Reflection;
using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Invocation;

/// <summary>
/// The object behind every grain reference: a generated implementation of the grain interface that turns
/// each method call into a message for the runtime. Not sealed because the proxy generator derives from it.
/// </summary>
internal class GrainReference : DispatchProxy, IGrainReference
{
    private GrainId _grainId;
    private GrainCallInvoker? _invoker;
    private GrainInterfaceMetadata? _metadata;

    public GrainId GrainId => _grainId;

    public static object Create(Type interfaceType, GrainId grainId, GrainCallInvoker invoker, GrainInterfaceMetadata metadata)
    {
        var proxy = (GrainReference)Create(interfaceType, typeof(GrainReference));
        proxy._grainId = grainId;
        proxy._invoker = invoker;
        proxy._metadata = metadata;
        return proxy;
    }

    public override bool Equals(object? obj) => obj is GrainReference other && other._grainId == _grainId;

    public override int GetHashCode() => _grainId.GetHashCode();

    public override string ToString() => _grainId.ToString();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return _metadata!.GetMethod(targetMethod).Send(_invoker!, _grainId, args ?? []);
    }
}
