using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.Runtime.Tests.Grains;

public interface ITurnGrain : IGrainWithGuidKey
{
    /// <summary>Alternates synchronous work and awaits; returns how often another turn was found running at the same time.</summary>
    Task<int> SpinAsync(int iterations);
}

[Reentrant]
public sealed class TurnGrain : Grain, ITurnGrain
{
    private int _inTurn;

    public async Task<int> SpinAsync(int iterations)
    {
        var overlaps = 0;
        for (var i = 0; i < iterations; i++)
        {
            if (Interlocked.Increment(ref _inTurn) != 1)
            {
                overlaps++;
            }

            Thread.SpinWait(200);
            Interlocked.Decrement(ref _inTurn);
            await Task.Yield();
        }

        return overlaps;
    }
}
