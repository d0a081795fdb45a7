using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.Runtime.Tests.Grains;

/// <summary>Requests that park on a test gate, recording how many requests were inside the grain at once.</summary>
public interface IParkingGrain : IGrainWithGuidKey
{
    /// <summary>Enters, signals "entered:{gate}", waits for the gate, leaves; returns the most requests seen inside at once.</summary>
    Task<int> EnterAsync(string gate);

    [ReadOnly]
    Task<int> ReadAsync(string gate);

    [AlwaysInterleave]
    Task<int> PeekInsideAsync();

    Task<int> MaxInsideAsync();
}

public interface IGateGrain : IParkingGrain;

public interface IReentrantGateGrain : IParkingGrain;

public abstract class ParkingGrain(TestGates gates) : Grain
{
    private int _inside;
    private int _maxInside;

    public Task<int> EnterAsync(string gate) => ParkAsync(gate);

    public Task<int> ReadAsync(string gate) => ParkAsync(gate);

    public Task<int> PeekInsideAsync() => Task.FromResult(_inside);

    public Task<int> MaxInsideAsync() => Task.FromResult(_maxInside);

    private async Task<int> ParkAsync(string gate)
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        gates.SignalEntered(gate);
        await gates.WaitAsync(gate);
        _inside--;
        return _maxInside;
    }
}

[Reentrant]
public sealed class ReentrantGateGrain(TestGates gates) : ParkingGrain(gates), IReentrantGateGrain;

public sealed class GateGrain(TestGates gates) : ParkingGrain(gates), IGateGrain;
