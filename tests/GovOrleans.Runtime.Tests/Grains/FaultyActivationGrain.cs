using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Tests.Grains;

public interface IFaultyActivationGrain : IGrainWithStringKey
{
    Task<int> HelloAsync();
}

public sealed class FaultyActivationGrain(FailureBudget failures, LifecycleLog log) : Grain, IFaultyActivationGrain
{
    private int _calls;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (failures.ShouldFail(GetPrimaryKeyString()))
        {
            throw new InvalidOperationException("Activation failed on purpose.");
        }

        log.Activated(GrainId);
    }

    public Task<int> HelloAsync() => Task.FromResult(++_calls);
}
