using System.Reflection;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Filters;
using GovOrleans.Runtime.Catalog;

namespace GovOrleans.Runtime.Invocation;

/// <summary>Runs a call through the incoming filter pipeline; only built when an activation has filters.</summary>
internal sealed class IncomingCallContext<TResult>(
    ActivationData activation,
    GrainMethod<TResult> method,
    object?[] arguments,
    GrainId? sourceId,
    IIncomingGrainCallFilter[] filters) : IIncomingGrainCallContext
{
    private int _next;

    public object Grain => activation.GrainInstance!;

    public GrainId? SourceId => sourceId;

    public GrainId TargetId => activation.GrainId;

    public MethodInfo InterfaceMethod => method.InterfaceMethod;

    public object?[] Arguments => arguments;

    public object? Result { get; set; }

    public async Task<TResult> RunAsync()
    {
        await Invoke();
        return (TResult)Result!;
    }

    public async Task Invoke()
    {
        if (_next < filters.Length)
        {
            await filters[_next++].Invoke(this);
            return;
        }

        Result = await method.Invoke(activation.GrainInstance!, arguments);
    }
}
