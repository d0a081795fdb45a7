using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Tests.Grains;

/// <summary>Calls along a route of grains, to build call chains and cycles.</summary>
public interface IRelayGrain : IGrainWithStringKey
{
    /// <summary>Calls route[0] with the rest of the route; the last grain returns the keys visited.</summary>
    Task<string> RelayAsync(string[] route, bool allowReentrancy);
}

public sealed class RelayGrain : Grain, IRelayGrain
{
    public async Task<string> RelayAsync(string[] route, bool allowReentrancy)
    {
        if (route.Length == 0)
        {
            return GetPrimaryKeyString();
        }

        var next = GrainFactory.GetGrain<IRelayGrain>(route[0]);
        string rest;
        if (allowReentrancy)
        {
            using (RequestContext.AllowCallChainReentrancy())
            {
                rest = await next.RelayAsync(route[1..], allowReentrancy);
            }
        }
        else
        {
            rest = await next.RelayAsync(route[1..], allowReentrancy);
        }

        return GetPrimaryKeyString() + ">" + rest;
    }
}
