using System.Diagnostics;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Filters;
using GovOrleans.Runtime.Cluster;
using GovOrleans.Runtime.Diagnostics;
using GovOrleans.Runtime.Scheduling;
using GovOrleans.Runtime.Serialization;

namespace GovOrleans.Runtime.Invocation;

/// <summary>The sending side of a grain call: outgoing filters, argument isolation, call chain, dispatch.</summary>
internal sealed class GrainCallInvoker(
    Catalog.Catalog? catalog,
    ClusterRouter? router,
    DeepCopier copier,
    ResponseTimeoutTracker timeouts,
    IEnumerable<IOutgoingGrainCallFilter> outgoingFilters)
{
    private readonly IOutgoingGrainCallFilter[] _outgoingFilters = outgoingFilters.ToArray();

    public DeepCopier Copier => copier;

    public ResponseTimeoutTracker Timeouts => timeouts;

    public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainMethod<TResult> method, object?[] arguments)
    {
        if (_outgoingFilters.Length == 0)
        {
            return SendAsync(target, method, arguments);
        }

        var source = (CallState.Current.Value?.Chain as CallChain)?.Grain;
        return new OutgoingCallContext<TResult>(this, target, method, arguments, source, _outgoingFilters).RunAsync();
    }

    public Task<TResult> SendAsync<TResult>(GrainId target, GrainMethod<TResult> method, object?[] arguments)
    {
        try
        {
            CopyArguments(method, arguments);
        }
        catch (Exception ex)
        {
            return Task.FromException<TResult>(ex);
        }

        var state = CallState.Current.Value;
        var chain = state?.Chain as CallChain;
        if (chain is not null && state!.AllowCallChainReentrancy)
        {
            chain = chain.WithReentry(true);
        }

        var parentActivity = RuntimeDiagnostics.ActivitySource.HasListeners() ? Activity.Current?.Context ?? default : default;
        IReadOnlyDictionary<string, object?>? items;
        try
        {
            items = CopyItems(state?.Items);
        }
        catch (Exception ex)
        {
            return Task.FromException<TResult>(ex);
        }

        var callerIsGrain = SynchronizationContext.Current is ActivationScheduler;
        return router is null
            ? DispatchLocal(target, method, arguments, items, chain, callerIsGrain, parentActivity)
            : router.RouteAsync(this, target, method, arguments, items, chain, callerIsGrain, parentActivity);
    }

    /// <summary>Runs the call on this silo's catalog.</summary>
    public Task<TResult> DispatchLocal<TResult>(
        GrainId target, GrainMethod<TResult> method, object?[] arguments, IReadOnlyDictionary<string, object?>? items, CallChain? chain,
        bool callerIsGrain, ActivityContext parentActivity)
    {
        if (catalog is null)
        {
            return Task.FromException<TResult>(new InvalidOperationException("A cluster client has no local grains."));
        }

        var request = new GrainCallRequest<TResult>(this, target, method, arguments, items, callerIsGrain, parentActivity)
        {
            Chain = chain,
        };
        catalog.Dispatch(target, request);
        return request.GetResultTask();
    }

    /// <summary>Request context values cross the call like arguments: the callee must not share the caller's objects.</summary>
    private IReadOnlyDictionary<string, object?>? CopyItems(IReadOnlyDictionary<string, object?>? items)
    {
        if (items is null || items.Values.All(v => v is null || copier.IsImmutable(v.GetType())))
        {
            return items;
        }

        return items.ToDictionary(kv => kv.Key, kv => copier.Copy(kv.Value));
    }

    private void CopyArguments(GrainMethod method, object?[] arguments)
    {
        if (method.ArgumentNeedsCopy is not { } needsCopy)
        {
            return;
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if (needsCopy[i])
            {
                arguments[i] = copier.Copy(arguments[i]);
            }
        }
    }
}
