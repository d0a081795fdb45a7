using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Filters;
using GovOrleans.Runtime.Diagnostics;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Timers;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Catalog;

/// <summary>Activation and deactivation.</summary>
internal sealed partial class ActivationData
{
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DeactivationReason? _deactivationReason;
    private bool _registered;

    /// <summary>Completes when the activation has left the catalog.</summary>
    public Task Deactivated => _deactivated.Task;

    public void StartActivation() =>
        Scheduler.Enqueue(static state => _ = ((ActivationData)state!).ActivateAsync(), this);

    /// <summary>Deactivates once no request is running; used by DeactivateOnIdle, stale ETags and shutdown.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        bool begin;
        lock (_lock)
        {
            if (_deactivationRequested is not null || _state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                return;
            }

            _deactivationRequested = reason;
            begin = _state == ActivationState.Valid && TryBeginDeactivationLocked();
        }

        if (begin)
        {
            BeginDeactivation();
        }
    }

    /// <summary>Starts idle deactivation if the activation is collectable at <paramref name="now"/>.</summary>
    public bool TryCollect(DateTimeOffset now, TimeSpan collectionAge)
    {
        lock (_lock)
        {
            if (_state != ActivationState.Valid || _deactivationRequested is not null || _running > 0 || _pending.Count > 0
                || ClassInfo.KeepAlive || now - _lastActivity < collectionAge || (_keepAliveUntil is { } until && now < until))
            {
                return false;
            }

            _deactivationRequested = new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"Idle since {_lastActivity:O}");
            TryBeginDeactivationLocked();
        }

        BeginDeactivation();
        return true;
    }

    private async Task ActivateAsync()
    {
        var previousState = CallState.Current.Value;
        CallState.Current.Value = new CallState(null, false, new CallChain(GrainId, false, null));
        var started = _catalog.Time.GetTimestamp();
        try
        {
            if (_catalog.Registrar is { } registrar)
            {
                await registrar.RegisterAsync(GrainId, ActivationId, CancellationToken.None);
                _registered = true;
            }

            _scope = _catalog.Services.CreateAsyncScope();
            GrainInstance = ClassInfo.Activator.Create(this, _scope.Value.ServiceProvider);
            IncomingFilters = BuildIncomingFilters();
            using var timeout = new CancellationTokenSource(_catalog.CollectionOptions.ActivationTimeout, _catalog.Time);
            foreach (var state in _states)
            {
                await state.ReadStateAsync(timeout.Token);
            }

            if (GrainInstance is Grain grain)
            {
                await grain.OnActivateAsync(timeout.Token);
            }
        }
        catch (Exception ex)
        {
            await FailActivationAsync(ex);
            return;
        }
        finally
        {
            CallState.Current.Value = previousState;
        }

        RuntimeDiagnostics.ActivationCreated(ClassInfo.GrainType, _catalog.Time.GetElapsedTime(started));
        List<ActivationRequest>? toStart = null;
        var deactivate = false;
        lock (_lock)
        {
            _state = ActivationState.Valid;
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

    private async Task FailActivationAsync(Exception exception)
    {
        var redirect = exception as Cluster.GrainRedirectException;
        if (redirect is null)
        {
            _catalog.LogActivationFailed(GrainId, exception);
            RuntimeDiagnostics.ActivationFailures.Add(1, new KeyValuePair<string, object?>("grain.type", ClassInfo.GrainType.Value));
        }

        await UnregisterAsync();
        _catalog.Remove(this);
        List<ActivationRequest> rejected;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            rejected = [.. _pending, .. _forward ?? []];
            RuntimeDiagnostics.MailboxLengthChanged(-_pending.Count);
            _pending.Clear();
            _forward = null;
        }

        await DisposeScopeAsync();
        var failure = redirect ?? (Exception)new ActivationFailedException(GrainId, exception);
        foreach (var request in rejected)
        {
            request.Fail(failure);
        }

        _deactivated.TrySetResult();
    }

    /// <summary>Moves to Deactivating once nothing runs; queued requests wait to be forwarded. Caller holds the lock.</summary>
    private bool TryBeginDeactivationLocked()
    {
        if (_state != ActivationState.Valid || _running > 0)
        {
            return false;
        }

        _state = ActivationState.Deactivating;
        _deactivationReason = _deactivationRequested;
        if (_pending.Count > 0)
        {
            _forward ??= [];
            foreach (var request in _pending)
            {
                if (request.Forwardable)
                {
                    _forward.Add(request);
                }
            }

            RuntimeDiagnostics.MailboxLengthChanged(-_pending.Count);
            _pending.Clear();
        }

        return true;
    }

    private void BeginDeactivation() =>
        Scheduler.Enqueue(static state => _ = ((ActivationData)state!).DeactivateAsync(), this);

    private async Task DeactivateAsync()
    {
        var reason = _deactivationReason ?? new DeactivationReason(DeactivationReasonCode.RuntimeRequested, "Deactivated");
        List<GrainTimer>? timers;
        lock (_lock)
        {
            timers = _timers;
            _timers = null;
        }

        foreach (var timer in timers ?? [])
        {
            timer.Dispose();
        }

        if (GrainInstance is Grain grain)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_catalog.CollectionOptions.DeactivationTimeout, _catalog.Time);
                await grain.OnDeactivateAsync(reason, timeout.Token);
            }
            catch (Exception ex)
            {
                _catalog.LogDeactivationFailed(GrainId, ex);
            }
        }

        await DisposeScopeAsync();
        await UnregisterAsync();

        // Leave the catalog before turning Invalid: a request that still finds this activation meanwhile is
        // held in _forward and re-dispatched below, so there is never a window with two live activations.
        _catalog.Remove(this);
        List<ActivationRequest>? forward;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            forward = _forward;
            _forward = null;
        }

        RuntimeDiagnostics.ActivationDestroyed(ClassInfo.GrainType);
        _catalog.LogDeactivated(GrainId, reason);
        _deactivated.TrySetResult();
        foreach (var request in forward ?? [])
        {
            _catalog.Dispatch(GrainId, request);
        }
    }

    private async Task UnregisterAsync()
    {
        if (_registered && _catalog.Registrar is { } registrar)
        {
            _registered = false;
            await registrar.UnregisterAsync(GrainId, ActivationId);
        }
    }

    private async Task DisposeScopeAsync()
    {
        if (_scope is { } scope)
        {
            _scope = null;
            await scope.DisposeAsync();
        }
    }

    private IIncomingGrainCallFilter[]? BuildIncomingFilters()
    {
        var siloFilters = _catalog.IncomingFilters;
        if (GrainInstance is IIncomingGrainCallFilter own)
        {
            return [.. siloFilters, own];
        }

        return siloFilters.Length == 0 ? null : siloFilters;
    }
}
