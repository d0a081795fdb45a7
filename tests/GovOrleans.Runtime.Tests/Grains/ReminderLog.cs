using System.Collections.Concurrent;
using GovOrleans.Runtime.Abstractions.Reminders;

namespace GovOrleans.Runtime.Tests.Grains;

/// <summary>Every reminder tick received, with a signal per grain key.</summary>
public sealed class ReminderLog
{
    private readonly ConcurrentQueue<(string Key, string Name, TickStatus Status)> _ticks = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _firstTick = new();

    public void Record(string key, string name, TickStatus status)
    {
        _ticks.Enqueue((key, name, status));
        FirstTick(key).TrySetResult();
    }

    public IReadOnlyList<(string Name, TickStatus Status)> Ticks(string key) =>
        _ticks.Where(t => t.Key == key).Select(t => (t.Name, t.Status)).ToList();

    public async Task WaitForTickAsync(string key)
    {
        try
        {
            await FirstTick(key).Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Reminder of '{key}' did not tick within 10 s; ticks seen: {_ticks.Count}.");
        }
    }

    private TaskCompletionSource FirstTick(string key) =>
        _firstTick.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
