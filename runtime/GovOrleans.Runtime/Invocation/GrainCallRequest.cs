using System.Diagnostics;
using System.Reflection;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Diagnostics;

namespace GovOrleans.Runtime.Invocation;

/// <summary>
/// One grain call. The sender hands it to the catalog and then asks for its result task; when the call ran
/// inline and completed synchronously, no TaskCompletionSource and no timeout registration are ever made.
/// </summary>
internal sealed class GrainCallRequest<TResult> : ActivationRequest, IInvokable, IPendingResponse
{
    private const int Pending = 0;
    private const int Completed = 1;
    private const int Attached = 2;

    private readonly GrainCallInvoker _invoker;
    private readonly GrainMethod<TResult> _method;
    private readonly object?[] _arguments;
    private readonly IReadOnlyDictionary<string, object?>? _items;
    private readonly bool _callerIsGrain;
    private readonly ActivityContext _parentActivity;
    private int _state;
    private TResult? _result;
    private Exception? _exception;
    private TaskCompletionSource<TResult>? _completion;
    private Task<TResult>? _grainTask;
    private Task<TResult>? _completedTask;
    private ActivationData? _activation;
    private Activity? _activity;
    private long _startedAt;

    public GrainCallRequest(
        GrainCallInvoker invoker,
        GrainId target,
        GrainMethod<TResult> method,
        object?[] arguments,
        IReadOnlyDictionary<string, object?>? items,
        bool callerIsGrain,
        ActivityContext parentActivity)
    {
        _invoker = invoker;
        TargetId = target;
        _method = method;
        _arguments = arguments;
        _items = items;
        _callerIsGrain = callerIsGrain;
        _parentActivity = parentActivity;
    }

    public GrainId TargetId { get; }

    public override bool AlwaysInterleave => _method.AlwaysInterleave;

    public override bool ReadOnly => _method.ReadOnly;

    public override bool CountsAsActivity => true;

    public override bool Forwardable => true;

    public override string Name => _method.Name;

    public MethodInfo InterfaceMethod => _method.InterfaceMethod;

    public IReadOnlyList<object?> Arguments => _arguments;

    public long DeadlineTimestamp { get; set; }

    public override void Execute(ActivationData activation)
    {
        var previousState = CallState.Current.Value;
        var previousActivity = Activity.Current;
        CallState.Current.Value = new CallState(_items, false, new CallChain(activation.GrainId, false, Chain));
        _activation = activation;
        _startedAt = Stopwatch.GetTimestamp();
        if (RuntimeDiagnostics.ActivitySource.HasListeners())
        {
            _activity = RuntimeDiagnostics.ActivitySource.StartActivity(_method.Name, ActivityKind.Server, _parentActivity);
            _activity?.SetTag("govorleans.grain_id", activation.GrainId.ToString());
        }

        Task<TResult> task;
        try
        {
            task = activation.IncomingFilters is { } filters
                ? new IncomingCallContext<TResult>(activation, _method, _arguments, Chain?.Grain, filters).RunAsync()
                : _method.Invoke(activation.GrainInstance!, _arguments);
        }
        catch (Exception ex)
        {
            task = Task.FromException<TResult>(ex);
        }
        finally
        {
            CallState.Current.Value = previousState;
            if (_activity is not null)
            {
                Activity.Current = previousActivity;
            }
        }

        if (task.IsCompleted)
        {
            OnGrainTaskCompleted(task);
        }
        else
        {
            _grainTask = task;
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnGrainTaskCompleted);
        }
    }

    public override void Fail(Exception exception)
    {
        _exception = exception;
        Publish();
    }

    /// <summary>Called by the sender right after dispatch.</summary>
    public Task<TResult> GetResultTask()
    {
        if (Volatile.Read(ref _state) == Completed)
        {
            return CompletedTask();
        }

        // A caller outside any grain must not have its continuation run inside the callee's turn.
        _completion = new TaskCompletionSource<TResult>(
            _callerIsGrain ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
        _invoker.Timeouts.Register(this);
        if (Interlocked.CompareExchange(ref _state, Attached, Pending) == Pending)
        {
            return _completion.Task;
        }

        _invoker.Timeouts.Unregister(this);
        return CompletedTask();
    }

    public bool TryTimeout(TimeSpan timeout) =>
        _completion!.TrySetException(new TimeoutException(
            $"No response from {GrainIdText.Of(TargetId)} to {_method.Name} within {timeout}. The outcome is unknown: the call may not have run, "
            + "may still be queued or running, or may have completed with its response lost."));

    private void OnGrainTaskCompleted() => OnGrainTaskCompleted(_grainTask!);

    private void OnGrainTaskCompleted(Task<TResult> task)
    {
        var activation = _activation!;
        activation.OnRequestCompleted(this);
        var failed = !task.IsCompletedSuccessfully;
        RuntimeDiagnostics.RecordCall(activation.ClassInfo.GrainType, _method.Name, _startedAt, failed);
        if (_activity is { } activity)
        {
            if (failed)
            {
                activity.SetStatus(ActivityStatusCode.Error, task.Exception?.InnerException?.GetType().Name ?? "canceled");
            }

            activity.Stop();
        }

        if (task.IsCompletedSuccessfully && !_method.ResultMayNeedCopy)
        {
            _result = task.Result;
            _completedTask = task;
        }
        else if (task.IsCompletedSuccessfully)
        {
            try
            {
                _result = _method.CopyResult(task.Result, _invoker.Copier);
            }
            catch (Exception ex)
            {
                _exception = ex;
            }
        }
        else
        {
            _exception = task.Exception?.InnerException ?? new TaskCanceledException(task);
        }

        Publish();
    }

    private void Publish()
    {
        if (Interlocked.CompareExchange(ref _state, Completed, Pending) == Pending)
        {
            return;
        }

        _invoker.Timeouts.Unregister(this);
        if (_exception is null)
        {
            _completion!.TrySetResult(_result!);
        }
        else
        {
            _completion!.TrySetException(_exception);
        }
    }

    private Task<TResult> CompletedTask()
    {
        if (_exception is not null)
        {
            return Task.FromException<TResult>(_exception);
        }

        if (_completedTask is not null)
        {
            return _completedTask;
        }

        if (typeof(TResult) == typeof(object) && _result is null)
        {
            return (Task<TResult>)(object)ReturnAdapters.CompletedNull;
        }

        return Task.FromResult(_result!);
    }
}
