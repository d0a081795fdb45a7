using System.Reflection;
using GovOrleans.Runtime.Abstractions.Concurrency;
using GovOrleans.Runtime.Serialization;

namespace GovOrleans.Runtime.Invocation;

/// <summary>What the runtime knows about one grain interface method: how to call it and how it schedules.</summary>
internal abstract class GrainMethod
{
    protected GrainMethod(MethodInfo interfaceMethod, ReturnKind returnKind, DeepCopier copier)
    {
        InterfaceMethod = interfaceMethod;
        ReturnKind = returnKind;
        Name = interfaceMethod.DeclaringType!.Name + "." + interfaceMethod.Name;
        AlwaysInterleave = interfaceMethod.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: true);
        ReadOnly = interfaceMethod.IsDefined(typeof(ReadOnlyAttribute), inherit: true);
        var parameters = interfaceMethod.GetParameters();
        ParameterCount = parameters.Length;
        var copy = new bool[parameters.Length];
        var anyCopy = false;
        for (var i = 0; i < parameters.Length; i++)
        {
            // A sealed immutable declared type can never carry a mutable value; anything else is checked per call.
            var type = parameters[i].ParameterType;
            copy[i] = !((type.IsValueType || type.IsSealed) && copier.IsImmutable(type));
            anyCopy |= copy[i];
        }

        ArgumentNeedsCopy = anyCopy ? copy : null;
        ParameterTypes = parameters.Select(p => p.ParameterType).ToArray();

        // Names, not reflection order: two builds of the same interface agree on the id during a rolling deploy.
        WireName = $"{interfaceMethod.DeclaringType!.FullName}.{interfaceMethod.Name}({string.Join(",", ParameterTypes.Select(t => t.FullName))})";
        WireId = unchecked((int)Abstractions.StableHash.Compute(WireName));
    }

    public MethodInfo InterfaceMethod { get; }

    /// <summary>The method's stable name on the wire: interface, method and parameter types.</summary>
    public string WireName { get; }

    /// <summary>A stable hash of <see cref="WireName"/> that identifies the method in request frames.</summary>
    public int WireId { get; }

    public Type[] ParameterTypes { get; }

    /// <summary>The type of the value the method's task produces (object for Task and ValueTask).</summary>
    public abstract Type ResultType { get; }

    /// <summary>Interface and method name, e.g. <c>ICaseGrain.SubmitAsync</c>; used in metrics, traces and errors.</summary>
    public string Name { get; }

    public ReturnKind ReturnKind { get; }

    public bool AlwaysInterleave { get; }

    public bool ReadOnly { get; }

    public int ParameterCount { get; }

    /// <summary>Per argument, whether it may need copying; null when none does.</summary>
    public bool[]? ArgumentNeedsCopy { get; }

    /// <summary>Sends the call and returns what the proxy method must return (Task, Task&lt;T&gt; or a boxed ValueTask).</summary>
    public abstract object Send(GrainCallInvoker invoker, Abstractions.GrainId target, object?[] arguments);

    /// <summary>Runs the method on a grain instance and returns its completion as a Task of the result.</summary>
    public abstract Task InvokeUntyped(object grain, object?[] arguments);

    /// <summary>Runs a request that arrived from another process on the local catalog.</summary>
    public abstract Task ServeRemote(GrainCallInvoker invoker, Messaging.IncomingRequest request);

    /// <summary>The result of a task returned by <see cref="ServeRemote"/>.</summary>
    public abstract object? ResultOf(Task task);
}
