using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Runtime.Scheduling;

/// <summary>
/// Runs the turns of one activation one at a time. It is the activation's <see cref="SynchronizationContext"/>,
/// so every <c>await</c> in grain code posts its continuation back here and a turn never overlaps another.
/// </summary>
/// <remarks>
/// When the activation has nothing running or queued, a caller may run a turn inline on its own thread
/// (<see cref="TryEnterInline"/>); this keeps a call to an idle grain free of thread hops, which is most of
/// the latency of an in-process call. Everything else goes through the thread pool in batches bounded by a
/// time quantum, so one busy activation cannot starve the others.
/// </remarks>
internal sealed partial class ActivationScheduler(ILogger logger, string owner) : SynchronizationContext, IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Running = 1;
    private const int Scheduled = 2;
    private static readonly long QuantumTicks = Stopwatch.Frequency / 10;

    [ThreadStatic]
    private static int s_inlineDepth;

    private readonly Queue<WorkItem> _queue = new();
    private int _state;

    /// <summary>The maximum nesting of inline turns on one thread, to bound stack depth in long call chains.</summary>
    public const int MaxInlineDepth = 6;

    public int QueueLength
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    public override void Post(SendOrPostCallback d, object? state) => Enqueue(new WorkItem(d, state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send would block a turn; grain code must await instead.");

    public override SynchronizationContext CreateCopy() => this;

    public void Enqueue(Action<object?> action, object? state) => Enqueue(new WorkItem(action, state));

    /// <summary>Claims the scheduler for a turn on the calling thread; false when it is busy or has queued work.</summary>
    public bool TryEnterInline()
    {
        if (s_inlineDepth >= MaxInlineDepth)
        {
            return false;
        }

        lock (_queue)
        {
            if (_state != Idle)
            {
                return false;
            }

            _state = Running;
        }

        s_inlineDepth++;
        return true;
    }

    /// <summary>Releases an inline claim; work queued meanwhile is handed to the thread pool.</summary>
    public void ExitInline()
    {
        s_inlineDepth--;
        lock (_queue)
        {
            if (_queue.Count == 0)
            {
                _state = Idle;
                return;
            }

            _state = Scheduled;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        var started = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                WorkItem item;
                lock (_queue)
                {
                    if (!_queue.TryDequeue(out item))
                    {
                        _state = Idle;
                        return;
                    }

                    _state = Running;
                }

                try
                {
                    item.Invoke();
                }
                catch (Exception ex)
                {
                    // A work item that throws (a continuation of grain code whose exception was not observed
                    // through a Task) must not take the thread or the activation down.
                    LogTurnFailed(logger, ex, owner);
                }

                if (Stopwatch.GetTimestamp() - started > QuantumTicks)
                {
                    lock (_queue)
                    {
                        if (_queue.Count == 0)
                        {
                            _state = Idle;
                            return;
                        }

                        _state = Scheduled;
                    }

                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                    return;
                }
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    private void Enqueue(WorkItem item)
    {
        lock (_queue)
        {
            _queue.Enqueue(item);
            if (_state != Idle)
            {
                return;
            }

            _state = Scheduled;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "A turn of {Owner} threw outside any request")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string owner);

    private readonly struct WorkItem
    {
        private readonly Delegate _callback;
        private readonly object? _state;

        public WorkItem(SendOrPostCallback callback, object? state)
        {
            _callback = callback;
            _state = state;
        }

        public WorkItem(Action<object?> callback, object? state)
        {
            _callback = callback;
            _state = state;
        }

        public void Invoke()
        {
            if (_callback is SendOrPostCallback post)
            {
                post(_state);
            }
            else
            {
                ((Action<object?>)_callback)(_state);
            }
        }
    }
}
