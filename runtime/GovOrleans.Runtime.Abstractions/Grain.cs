using GovOrleans.Runtime.Abstractions.Reminders;
using GovOrleans.Runtime.Abstractions.Timers;

namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// Base class of grain implementations. The runtime creates instances (never user code), calls
/// <see cref="OnActivateAsync"/> after state is loaded and before the first request, and
/// <see cref="OnDeactivateAsync"/> on a best-effort basis when the activation ends.
/// </summary>
public abstract class Grain
{
    /// <summary>Binds to the activation being constructed by the runtime.</summary>
    /// <exception cref="InvalidOperationException">The grain was constructed outside the runtime.</exception>
    protected Grain()
        : this(RuntimeContext.Constructing ?? throw new InvalidOperationException(
            "Grain instances are created by the runtime on first call; use IGrainFactory.GetGrain to obtain a reference."))
    {
    }

    /// <summary>Binds to an explicit activation context.</summary>
    protected Grain(IGrainContext grainContext)
    {
        ArgumentNullException.ThrowIfNull(grainContext);
        GrainContext = grainContext;
    }

    /// <summary>The activation this instance belongs to.</summary>
    public IGrainContext GrainContext { get; }

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => GrainContext.GrainId;

    /// <summary>The factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    /// <summary>The silo's services.</summary>
    protected IServiceProvider ServiceProvider => GrainContext.ActivationServices;

    /// <summary>Called once after state is loaded and before the first request; a throw fails the triggering call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when the activation ends (idle, requested, shutdown); skipped when the silo crashes.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The string key (for <see cref="IGrainWithStringKey"/> grains).</summary>
    public string GetPrimaryKeyString() => GrainId.Key;

    /// <summary>The Guid key (for <see cref="IGrainWithGuidKey"/> and compound grains).</summary>
    /// <exception cref="FormatException">The key is not a Guid.</exception>
    public Guid GetPrimaryKey() => Guid.ParseExact(KeyPart(), "N");

    /// <summary>The integer key (for <see cref="IGrainWithIntegerKey"/> and compound grains).</summary>
    /// <exception cref="FormatException">The key is not an integer.</exception>
    public long GetPrimaryKeyLong() => long.Parse(KeyPart(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The extension of a compound key, or null.</summary>
    public string? GetKeyExtension()
    {
        var plus = GrainId.Key.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? null : GrainId.Key[(plus + 1)..];
    }

    /// <summary>Deactivates the grain once the current request completes.</summary>
    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();

    /// <summary>Keeps the activation alive at least this long (see <see cref="IGrainContext.DelayDeactivation"/>).</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => GrainContext.DelayDeactivation(timeSpan);

    /// <summary>Registers a timer; each tick is a turn of this activation and never overlaps the previous tick.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
        => GrainContext.RegisterGrainTimer(callback, state, options);

    /// <summary>Registers a timer without state.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return GrainContext.RegisterGrainTimer(static (cb, ct) => cb(ct), callback, new GrainTimerCreationOptions(dueTime, period));
    }

    /// <summary>Creates or replaces a durable reminder; the grain must implement <see cref="IRemindable"/>.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminderAsync(string reminderName, TimeSpan dueTime, TimeSpan period)
        => GrainContext.RegisterOrUpdateReminderAsync(reminderName, dueTime, period);

    /// <summary>Removes a durable reminder.</summary>
    protected Task UnregisterReminderAsync(IGrainReminder reminder) => GrainContext.UnregisterReminderAsync(reminder);

    /// <summary>Looks up a reminder by name.</summary>
    protected Task<IGrainReminder?> GetReminderAsync(string reminderName) => GrainContext.GetReminderAsync(reminderName);

    private string KeyPart()
    {
        var key = GrainId.Key;
        var plus = key.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? key : key[..plus];
    }
}
