using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Filters;
using GovOrleans.Runtime.Abstractions.Reminders;
using GovOrleans.Runtime.Abstractions.Timers;
using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Scheduling;
using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Timers;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Catalog;

/// <summary>
/// One activation of a grain: its instance, its scheduler, the requests it admits and its lifecycle.
/// All mutable fields are guarded by <see cref="_lock"/>; grain code itself only runs in turns on <see cref="Scheduler"/>.
/// </summary>
internal sealed partial class ActivationData : IGrainContext
{
    private readonly Lock _lock = new();
    private readonly Catalog _catalog;
    private readonly List<IActivationStateLoader> _states = [];
    private AsyncServiceScope? _scope;
    private List<GrainTimer>? _timers;

    public ActivationData(GrainId grainId, GrainClassInfo classInfo, Catalog catalog)
    {
        GrainId = grainId;
        ClassInfo = classInfo;
        _catalog = catalog;
        Scheduler = new ActivationScheduler(catalog.SchedulerLogger, grainId.ToString());
        _lastActivity = catalog.Time.GetUtcNow();
    }

    public GrainId GrainId { get; }

    /// <summary>Identifies this activation in the grain directory, so a late unregister never removes a successor.</summary>
    public Guid ActivationId { get; } = Guid.NewGuid();

    public GrainClassInfo ClassInfo { get; }

    public ActivationScheduler Scheduler { get; }

    public object? GrainInstance { get; private set; }

    public IGrainFactory GrainFactory => _catalog.GrainFactory;

    public IServiceProvider ActivationServices => _scope?.ServiceProvider ?? _catalog.Services;

    /// <summary>Silo-wide filters plus the grain's own; null when there are none, which keeps calls on the fast path.</summary>
    public IIncomingGrainCallFilter[]? IncomingFilters { get; private set; }

    public void DeactivateOnIdle() =>
        RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called"));

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        var now = _catalog.Time.GetUtcNow();
        lock (_lock)
        {
            if (timeSpan <= TimeSpan.Zero && timeSpan != Timeout.InfiniteTimeSpan)
            {
                _keepAliveUntil = null;
            }
            else if (timeSpan == Timeout.InfiniteTimeSpan || timeSpan == TimeSpan.MaxValue || timeSpan >= DateTimeOffset.MaxValue - now)
            {
                _keepAliveUntil = DateTimeOffset.MaxValue;
            }
            else
            {
                _keepAliveUntil = now + timeSpan;
            }
        }
    }

    public IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer(this, _catalog.Time, ct => callback(state, ct), options, _catalog.TimerLogger);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"{GrainIdText.Of(GrainId)} is deactivating; it cannot register timers.");
            }

            (_timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    public Task<IGrainReminder> RegisterOrUpdateReminderAsync(string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        if (GrainInstance is not IRemindable)
        {
            throw new InvalidOperationException($"{ClassInfo.ClassType.Name} must implement IRemindable to register reminders.");
        }

        return Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period);
    }

    public Task UnregisterReminderAsync(IGrainReminder reminder) => Reminders.UnregisterAsync(GrainId, reminder);

    public Task<IGrainReminder?> GetReminderAsync(string reminderName) => Reminders.GetAsync(GrainId, reminderName);

    public Task<IReadOnlyList<IGrainReminder>> GetRemindersAsync() => Reminders.GetAllAsync(GrainId);

    public override string ToString() => GrainId.ToString();

    internal void AddState(IActivationStateLoader state) => _states.Add(state);

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    private ReminderService Reminders => _catalog.Services.GetRequiredService<ReminderService>();
}
