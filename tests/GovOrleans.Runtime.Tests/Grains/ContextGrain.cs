using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Tests.Grains;

public interface IContextGrain : IGrainWithStringKey
{
    /// <summary>Adds to the list found in the request context under <paramref name="key"/>; returns its new length.</summary>
    Task<int> AppendToContextListAsync(string key);
}

public sealed class ContextGrain : Grain, IContextGrain
{
    public Task<int> AppendToContextListAsync(string key)
    {
        var list = (List<string>)RequestContext.Get(key)!;
        list.Add("callee");
        return Task.FromResult(list.Count);
    }
}
