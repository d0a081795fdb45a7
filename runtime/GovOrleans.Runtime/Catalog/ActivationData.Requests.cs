using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;
using GovOrleans.Runtime.Diagnostics;

namespace GovOrleans.Runtime.Catalog;

/// <summary>Request admission: which request may run now, which waits, which is forwarded or refused.</summary>
internal sealed partial class ActivationData
{
    private readonly Queue<ActivationRequest> _pending = new();
    private List<ActivationRequest>? _forward;
    private ActivationState _state = ActivationState.Activating;
    private int _running;
    private int _runningBlocking;
    private int _runningBlockingWriters;
    private DateTimeOffset _lastActivity;
    private DateTimeOffset? _keepAliveUntil;
    private DeactivationReason? _deactivationRequested;

    public ActivationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Offers a request; false when this activation is gone and the caller must dispatch again.</summary>
    public bool Receive(ActivationRequest request)
    {
        DeadlockException? deadlock = null;
        var startNow = false;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return false;
            }

            var reentry = request.Chain?.Find(GrainId);
            if (_state == ActivationState.Valid && _deactivationRequested is null && (CanStart(request) || reentry is { AllowReentry: true }))
            {
                Admit(request);
                startNow = true;
            }
            else if (reentry is not null)
            {
                // The chain's earlier request on this grain is waiting for this one: queuing it can only end in a timeout.
                deadlock = new DeadlockException(request.Chain!.CycleTo(GrainId));
            }
            else if (_state == ActivationState.Activating || (_state == ActivationState.Valid && _deactivationRequested is null))
            {
                _pending.Enqueue(request);
                RuntimeDiagnostics.MailboxLengthChanged(1);
            }
            else if (request.Forwardable)
            {
                (_forward ??= []).Add(request);
            }
        }

        if (deadlock is not null)
        {
            RuntimeDiagnostics.Deadlocks.Add(1);
            request.Fail(deadlock);
        }
        else if (startNow)
        {
            Run(request);
        }

        return true;
    }

    /// <summary>Called when a request's task completes; starts what the completion unblocked.</summary>
    public void OnRequestCompleted(ActivationRequest request)
    {
        List<ActivationRequest>? toStart = null;
        var deactivate = false;
        lock (_lock)
        {
            _running--;
            if (request.IsBlocking)
            {
                _runningBlocking--;
                if (!request.ReadOnly)
                {
                    _runningBlockingWriters--;
                }
            }

            if (request.CountsAsActivity)
            {
                _lastActivity = _catalog.Time.GetUtcNow();
            }

            if (_deactivationRequested is not null)
            {
                deactivate = TryBeginDeactivationLocked();
            }
            else
            {
                toStart = DequeueStartableLocked();
            }
        }

        StartAll(toStart);
        if (deactivate)
        {
            BeginDeactivation();
        }
    }

    private bool CanStart(ActivationRequest request)
    {
        if (_running == 0 || _runningBlocking == 0 || ClassInfo.Reentrant || request.AlwaysInterleave)
        {
            return true;
        }

        if (request.ReadOnly && _runningBlockingWriters == 0)
        {
            return true;
        }

        return ClassInfo.MayInterleave is { } mayInterleave && request is IInvokable invokable && mayInterleave(invokable);
    }

    private void Admit(ActivationRequest request)
    {
        request.Target = this;
        _running++;
        if (request.IsBlocking)
        {
            _runningBlocking++;
            if (!request.ReadOnly)
            {
                _runningBlockingWriters++;
            }
        }

        if (request.CountsAsActivity)
        {
            _lastActivity = _catalog.Time.GetUtcNow();
        }
    }

    private List<ActivationRequest>? DequeueStartableLocked()
    {
        List<ActivationRequest>? toStart = null;
        while (_pending.TryPeek(out var next) && CanStart(next))
        {
            _pending.Dequeue();
            RuntimeDiagnostics.MailboxLengthChanged(-1);
            Admit(next);
            (toStart ??= []).Add(next);
        }

        return toStart;
    }

    private void StartAll(List<ActivationRequest>? requests)
    {
        if (requests is null)
        {
            return;
        }

        // Posted, never inline: the caller may be inside this activation's own turn.
        foreach (var request in requests)
        {
            Scheduler.Enqueue(ActivationRequest.ExecuteOnScheduler, request);
        }
    }

    private void Run(ActivationRequest request)
    {
        if (!Scheduler.TryEnterInline())
        {
            Scheduler.Enqueue(ActivationRequest.ExecuteOnScheduler, request);
            return;
        }

        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(Scheduler);
        try
        {
            request.Execute(this);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            Scheduler.ExitInline();
        }
    }
}
