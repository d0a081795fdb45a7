using System.Collections.Concurrent;

namespace GovOrleans.Runtime.Tests.Grains;

/// <summary>Phase barriers shared by tests and grains: a grain waits on a gate the test opens; the test waits until a grain entered.</summary>
public sealed class TestGates
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _entered = new();

    public Task WaitAsync(string gate) => Gate(_gates, gate).Task;

    public void Open(string gate) => Gate(_gates, gate).TrySetResult();

    public void SignalEntered(string gate) => Gate(_entered, gate).TrySetResult();

    /// <summary>Waits until a grain signalled that it entered <paramref name="gate"/>; fails with the gate's name after 10 s.</summary>
    public async Task EnteredAsync(string gate)
    {
        try
        {
            await Gate(_entered, gate).Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No grain entered gate '{gate}' within 10 s.");
        }
    }

    public bool HasEntered(string gate) => Gate(_entered, gate).Task.IsCompleted;

    private static TaskCompletionSource Gate(ConcurrentDictionary<string, TaskCompletionSource> gates, string name) =>
        gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
