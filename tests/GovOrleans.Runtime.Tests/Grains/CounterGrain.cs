using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    /// <summary>Unique per activation, so tests can tell a new activation from the old one.</summary>
    Task<Guid> GetActivationIdAsync();

    Task DeactivateAsync();

    Task DelayDeactivationAsync(TimeSpan delay);
}

public sealed class CounterGrain(LifecycleLog log) : Grain, ICounterGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private int _count;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Activated(GrainId);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Deactivated(GrainId, reason.ReasonCode);
        return Task.CompletedTask;
    }

    public Task<int> IncrementAsync() => Task.FromResult(++_count);

    public Task<int> GetAsync() => Task.FromResult(_count);

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task DelayDeactivationAsync(TimeSpan delay)
    {
        DelayDeactivation(delay);
        return Task.CompletedTask;
    }
}

public interface IShortLivedGrain : IGrainWithStringKey
{
    Task<Guid> GetActivationIdAsync();
}

/// <summary>A grain whose class declares a short collection age.</summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class ShortLivedGrain : Grain, IShortLivedGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);
}

public interface IPinnedGrain : IGrainWithStringKey
{
    Task<Guid> GetActivationIdAsync();
}

[KeepAlive]
public sealed class PinnedGrain : Grain, IPinnedGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);
}
