using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Grains.Cases;

namespace GovOrleans.Grains.Tests;

/// <summary>A case-event sink that records what it receives, can be told to fail, and offers barriers on arrivals.</summary>
public sealed class RecordingSink : ICaseEventSink
{
    private readonly Lock _lock = new();
    private readonly List<CaseEvent> _events = [];
    private readonly List<(Func<CaseEvent, bool> Match, TaskCompletionSource<CaseEvent> Done)> _waiters = [];

    public bool Fail { get; set; }

    public int Failures { get; private set; }

    public IReadOnlyList<CaseEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public Task PublishAsync(CaseEvent e, CancellationToken ct)
    {
        lock (_lock)
        {
            if (Fail)
            {
                Failures++;
                throw new InvalidOperationException("The sink is down.");
            }

            _events.Add(e);
            foreach (var waiter in _waiters.Where(w => w.Match(e)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(e);
            }
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<CaseEvent> For(string caseId) => [.. Events.Where(e => e.CaseId == caseId)];

    /// <summary>Completes when an event matching <paramref name="match"/> has arrived (already, or later).</summary>
    public Task<CaseEvent> WaitForAsync(Func<CaseEvent, bool> match)
    {
        lock (_lock)
        {
            if (_events.FirstOrDefault(match) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var done = new TaskCompletionSource<CaseEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }
}
