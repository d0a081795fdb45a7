using System.Linq.Expressions;
using System.Reflection;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Serialization;

namespace GovOrleans.Runtime.Invocation;

/// <summary>A grain method whose result is <typeparamref name="TResult"/> (<c>object?</c> for methods returning Task or ValueTask).</summary>
internal sealed class GrainMethod<TResult> : GrainMethod
{
    private readonly Func<object, object?[], Task<TResult>> _invoke;
    private readonly bool _resultMayNeedCopy;

    public GrainMethod(MethodInfo interfaceMethod, ReturnKind returnKind, DeepCopier copier)
        : base(interfaceMethod, returnKind, copier)
    {
        _invoke = Compile(interfaceMethod, returnKind);
        var resultType = typeof(TResult);
        _resultMayNeedCopy = returnKind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT
            && !((resultType.IsValueType || resultType.IsSealed) && copier.IsImmutable(resultType));
    }

    /// <summary>False when the result type is immutable, so the grain's own task can be handed to the caller.</summary>
    public bool ResultMayNeedCopy => _resultMayNeedCopy;

    public override Type ResultType => typeof(TResult);

    public Task<TResult> Invoke(object grain, object?[] arguments) => _invoke(grain, arguments);

    public override Task InvokeUntyped(object grain, object?[] arguments) => _invoke(grain, arguments);

    public override Task ServeRemote(GrainCallInvoker invoker, Messaging.IncomingRequest request) =>
        invoker.DispatchLocal(request.Target, this, request.Arguments, request.Items, request.Chain, callerIsGrain: true, request.ParentActivity);

    public override object? ResultOf(Task task) => ((Task<TResult>)task).Result;

    public TResult CopyResult(TResult value, DeepCopier copier) => _resultMayNeedCopy ? copier.Copy(value) : value;

    public override object Send(GrainCallInvoker invoker, GrainId target, object?[] arguments)
    {
        var task = invoker.InvokeAsync(target, this, arguments);
        return ReturnKind switch
        {
            ReturnKind.ValueTaskOfT => new ValueTask<TResult>(task),
            ReturnKind.ValueTask => new ValueTask(task),
            _ => task,
        };
    }

    private static Func<object, object?[], Task<TResult>> Compile(MethodInfo method, ReturnKind returnKind)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var callArgs = method.GetParameters()
            .Select((p, i) => (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        Expression call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, callArgs);
        call = returnKind switch
        {
            ReturnKind.TaskOfT => call,
            ReturnKind.Task => Expression.Call(typeof(ReturnAdapters).GetMethod(nameof(ReturnAdapters.FromTask))!, call),
            ReturnKind.ValueTask => Expression.Call(typeof(ReturnAdapters).GetMethod(nameof(ReturnAdapters.FromValueTask))!, call),
            ReturnKind.ValueTaskOfT => Expression.Call(
                typeof(ReturnAdapters).GetMethod(nameof(ReturnAdapters.FromValueTaskOfT))!.MakeGenericMethod(typeof(TResult)), call),
            _ => throw new ArgumentOutOfRangeException(nameof(returnKind)),
        };
        return Expression.Lambda<Func<object, object?[], Task<TResult>>>(call, grain, args).Compile();
    }
}
