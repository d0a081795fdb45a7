using System.Reflection;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Filters;

namespace GovOrleans.Runtime.Invocation;

/// <summary>Runs a call through the outgoing filter pipeline on the caller's side.</summary>
internal sealed class OutgoingCallContext<TResult>(
    GrainCallInvoker invoker,
    GrainId targetId,
    GrainMethod<TResult> method,
    object?[] arguments,
    GrainId? sourceId,
    IOutgoingGrainCallFilter[] filters) : IOutgoingGrainCallContext
{
    private int _next;

    public GrainId? SourceId => sourceId;

    public GrainId TargetId => targetId;

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

        Result = await invoker.SendAsync(targetId, method, arguments);
    }
}
