using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Bench.Grains;

/// <summary>A grain whose every call is one durable state write.</summary>
public interface IWriterGrain : IGrainWithIntegerKey
{
    /// <summary>Records <paramref name="value"/> in the state and returns once the write has committed.</summary>
    Task<long> WriteAsync(int value);
}
