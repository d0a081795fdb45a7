using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Bench.Grains;

/// <summary>Echoes its argument synchronously, so a call measures only the runtime's own path.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value);
}
