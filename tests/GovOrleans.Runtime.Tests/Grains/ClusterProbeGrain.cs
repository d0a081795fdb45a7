using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Tests.Grains;

public interface IClusterProbeGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();

    Task<int> AddAsync(int amount);

    Task<int> GetAsync();

    Task<string> AskOtherAsync(string otherKey);

    Task<ProbeBag> EchoAsync(ProbeBag bag);

    Task<string?> ReadContextAsync(string key);

    Task FailAsync(string message);

    Task<int> SlowAddAsync(int amount, int milliseconds);
}

/// <summary>A mutable argument type: it must cross silos by value.</summary>
public sealed class ProbeBag
{
    public List<string> Items { get; set; } = [];

    public Dictionary<string, int> Counts { get; set; } = [];

    public DateTimeOffset At { get; set; }
}

public sealed class ProbeState
{
    public int Total { get; set; }
}

public sealed class ClusterProbeGrain(
    [PersistentState("probe")] IPersistentState<ProbeState> state,
    IOptions<SiloOptions> silo,
    ActivationTracker tracker) : Grain, IClusterProbeGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        tracker.Activated(GrainId, silo.Value.SiloName);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        tracker.Deactivated(GrainId, silo.Value.SiloName);
        return Task.CompletedTask;
    }

    public Task<string> WhereAsync() => Task.FromResult(silo.Value.SiloName);

    public async Task<int> AddAsync(int amount)
    {
        state.State.Total += amount;
        await state.WriteStateAsync();
        return state.State.Total;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Total);

    public Task<string> AskOtherAsync(string otherKey) => GrainFactory.GetGrain<IClusterProbeGrain>(otherKey).WhereAsync();

    public Task<ProbeBag> EchoAsync(ProbeBag bag)
    {
        bag.Items.Add(silo.Value.SiloName);
        return Task.FromResult(bag);
    }

    public Task<string?> ReadContextAsync(string key) => Task.FromResult(RequestContext.Get(key)?.ToString());

    public Task FailAsync(string message) => throw new ProbeFailedException(message, 42);

    public async Task<int> SlowAddAsync(int amount, int milliseconds)
    {
        await Task.Delay(milliseconds);
        return await AddAsync(amount);
    }
}

public sealed class ProbeFailedException : Exception
{
    public ProbeFailedException(string message, int code)
        : base(message) => Code = code;

    public ProbeFailedException()
    {
    }

    public ProbeFailedException(string message)
        : base(message)
    {
    }

    public ProbeFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Code { get; }
}
