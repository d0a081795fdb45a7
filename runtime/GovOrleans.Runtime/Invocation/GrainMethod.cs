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
    }

    public MethodInfo InterfaceMethod { get; }

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
}
