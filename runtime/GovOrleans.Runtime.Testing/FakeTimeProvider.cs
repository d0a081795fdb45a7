namespace GovOrleans.Runtime.Testing;

/// <summary>
/// A clock that moves only when told to. Timers fire synchronously inside <see cref="Advance"/>, in due order,
/// so a test controls exactly which deadlines have passed. (Microsoft.Extensions.TimeProvider.Testing is not
/// obtainable from this project's package source.)
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;
    private long _sequence;
    private TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the clock at <paramref name="start"/>, or 2026-01-01T00:00Z.</summary>
    public FakeTimeProvider(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers currently armed.</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, each at its due time.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }

        while (true)
        {
            FakeTimer? next;
            lock (_lock)
            {
                next = null;
                foreach (var timer in _timers)
                {
                    if (timer.DueAt is { } due && due <= target && (next is null || due < next.DueAt || (due == next.DueAt && timer.Sequence < next.Sequence)))
                    {
                        next = timer;
                    }
                }

                if (next is null)
                {
                    _now = target;
                    return;
                }

                if (next.DueAt > _now)
                {
                    _now = next.DueAt.Value;
                }

                next.DueAt = next.Period is { } period ? _now + period : null;
                next.Sequence = ++_sequence;
            }

            next.Fire();
        }
    }

    /// <summary>
    /// Completes the next time any timer is created or changed to a finite due time: a phase barrier for code
    /// that re-arms its timer asynchronously (a grain timer re-arms only after its tick completed).
    /// </summary>
    public Task WhenTimerArmedAsync()
    {
        lock (_lock)
        {
            return _armed.Task;
        }
    }

    /// <summary>Moves the clock to <paramref name="value"/>, which must not be in the past.</summary>
    public void SetUtcNow(DateTimeOffset value) => Advance(value - GetUtcNow());

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; set; }

        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                if (!owner._timers.Contains(this))
                {
                    return false;
                }

                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
                Sequence = ++owner._sequence;
                if (DueAt is not null)
                {
                    var armed = owner._armed;
                    owner._armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    armed.TrySetResult();
                }

                return true;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
