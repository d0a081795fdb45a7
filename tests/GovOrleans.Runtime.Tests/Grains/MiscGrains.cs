using System.Diagnostics;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Filters;

namespace GovOrleans.Runtime.Tests.Grains;

public interface IHangingGrain : IGrainWithStringKey
{
    /// <summary>Parks on gate "hang:{key}" until the test opens it.</summary>
    Task<int> HangAsync();
}

public sealed class HangingGrain(TestGates gates) : Grain, IHangingGrain
{
    public async Task<int> HangAsync()
    {
        gates.SignalEntered("hang:" + GetPrimaryKeyString());
        await gates.WaitAsync("hang:" + GetPrimaryKeyString());
        return 1;
    }
}

public interface IEchoGrain : IGrainWithIntegerKey
{
    Task<string> EchoAsync(string text);

    Task<string?> TraceIdAsync(long nextKey);

    ValueTask<int> AddAsync(int a, int b);

    ValueTask TouchAsync();

    Task FailAsync(string message);
}

/// <summary>Echoes text through its own incoming filter, which runs after the silo-wide ones.</summary>
public sealed class EchoGrain : Grain, IEchoGrain, IIncomingGrainCallFilter
{
    public Task<string> EchoAsync(string text) => Task.FromResult(text);

    public async Task<string?> TraceIdAsync(long nextKey)
    {
        var own = Activity.Current?.TraceId.ToString();
        if (nextKey != 0)
        {
            var nested = await GrainFactory.GetGrain<IEchoGrain>(nextKey).TraceIdAsync(0);
            return own == nested ? own : $"mismatch {own} vs {nested}";
        }

        return own;
    }

    public ValueTask<int> AddAsync(int a, int b) => ValueTask.FromResult(a + b);

    public ValueTask TouchAsync() => ValueTask.CompletedTask;

    public Task FailAsync(string message) => throw new InvalidOperationException(message);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        if (context.Result is string text && context.InterfaceMethod.Name == nameof(EchoAsync))
        {
            context.Result = text + "|grain";
        }
    }
}

/// <summary>Breaks the grain interface rules; GetGrain must refuse it.</summary>
public interface IInvalidGrain : IGrainWithStringKey
{
    int Count { get; }

    string NotAsync();
}
