using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Invocation;

namespace GovOrleans.Runtime.Timers;

/// <summary>One timer tick, run as a request of the timer's activation.</summary>
internal sealed class TimerTickRequest(GrainTimer timer) : ActivationRequest
{
    private Task? _task;
    private ActivationData? _activation;

    public override bool AlwaysInterleave => timer.Interleave;

    public override bool ReadOnly => false;

    public override bool CountsAsActivity => timer.KeepAlive;

    // A tick belongs to the activation that registered the timer; a successor has no such timer.
    public override bool Forwardable => false;

    public override string Name => "timer";

    public override void Execute(ActivationData activation)
    {
        _activation = activation;
        var previous = CallState.Current.Value;
        CallState.Current.Value = new CallState(null, false, new CallChain(activation.GrainId, false, null));
        Task task;
        try
        {
            task = timer.InvokeCallback();
        }
        catch (Exception ex)
        {
            task = Task.FromException(ex);
        }
        finally
        {
            CallState.Current.Value = previous;
        }

        if (task.IsCompleted)
        {
            Complete(task);
        }
        else
        {
            _task = task;
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => Complete(_task!));
        }
    }

    public override void Fail(Exception exception) => timer.OnTickCompleted(exception);

    private void Complete(Task task)
    {
        _activation!.OnRequestCompleted(this);
        timer.OnTickCompleted(task.IsFaulted ? task.Exception!.InnerException : null);
    }
}
