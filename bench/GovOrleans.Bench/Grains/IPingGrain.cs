using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Bench.Grains;

/// <summary>The smallest useful grain call: one argument in, one result out, no state, no I/O.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Returns <paramref name="value"/> unchanged.</summary>
    Task<int> PingAsync(int value);
}
