using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Tests.Grains;

public interface IPersonalFaultyGrain : IGrainWithStringKey
{
    Task<int> HelloAsync();
}

/// <summary>A grain keyed by a person's identifier whose activation fails on request: its key must not reach the logs.</summary>
[PersonalDataKey]
public sealed class PersonalFaultyGrain(FailureBudget failures) : Grain, IPersonalFaultyGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        failures.ShouldFail(GetPrimaryKeyString())
            ? throw new InvalidOperationException("Activation failed on purpose.")
            : Task.CompletedTask;

    public Task<int> HelloAsync() => Task.FromResult(1);
}
