using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Timers;

namespace GovOrleans.Runtime.Tests.Grains;

public interface ITickingGrain : IGrainWithStringKey
{
    /// <summary>Starts a timer whose ticks park on gate "tick:{key}:{n}" when <paramref name="parkTicks"/> is set.</summary>
    Task StartAsync(TimeSpan dueTime, TimeSpan period, bool interleave, bool parkTicks);

    Task<int> TicksAsync();

    Task<int> MaxConcurrentAsync();

    /// <summary>A request that parks on a gate, to show ticks wait for it.</summary>
    Task BlockAsync(string gate);

    Task StopAsync();
}

public sealed class TickingGrain(TestGates gates) : Grain, ITickingGrain
{
    private IGrainTimer? _timer;
    private int _ticks;
    private int _inside;
    private int _maxInside;

    public Task StartAsync(TimeSpan dueTime, TimeSpan period, bool interleave, bool parkTicks)
    {
        _timer = RegisterGrainTimer(
            static (state, _) => state.Grain.TickAsync(state.Park),
            (Grain: this, Park: parkTicks),
            new GrainTimerCreationOptions(dueTime, period) { Interleave = interleave });
        return Task.CompletedTask;
    }

    public Task<int> TicksAsync() => Task.FromResult(_ticks);

    public Task<int> MaxConcurrentAsync() => Task.FromResult(_maxInside);

    public async Task BlockAsync(string gate)
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        gates.SignalEntered(gate);
        await gates.WaitAsync(gate);
        _inside--;
    }

    public Task StopAsync()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    private async Task TickAsync(bool park)
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        var tick = ++_ticks;
        var gate = $"tick:{GetPrimaryKeyString()}:{tick}";
        gates.SignalEntered(gate);
        if (park)
        {
            await gates.WaitAsync(gate);
        }

        _inside--;
    }
}
