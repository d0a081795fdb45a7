using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>An exception thrown on one silo reaches a caller on another process with its inner exceptions.</summary>
[Trait("Category", "Cluster")]
public sealed class ClusterExceptionTests
{
    public interface IThrowingGrain : IGrainWithStringKey
    {
        Task<string> WhereAsync();

        Task ThrowChainAsync();

        Task ThrowAggregateAsync();
    }

    [Fact]
    public async Task InnerExceptions_CrossSilosAndReachClients()
    {
        var (cluster, _) = await ClusterTestHarness.StartAsync(2);
        await using var _ = cluster;
        var client = await cluster.CreateClientAsync();
        var caller = cluster.Silos[0];
        var (key, remote) = await GrainOnAsync(caller, cluster.Silos[1].Name);

        // Silo to silo, then client to silo: both go through the wire, not through a local exception object.
        foreach (var grain in new[] { remote, client.GrainFactory.GetGrain<IThrowingGrain>(key) })
        {
            var chain = await Assert.ThrowsAsync<InvalidOperationException>(grain.ThrowChainAsync);
            Assert.Equal("outer", chain.Message);
            var inner = Assert.IsType<ArgumentException>(chain.InnerException);
            Assert.Equal("inner", inner.Message);

            var aggregate = await Assert.ThrowsAsync<AggregateException>(grain.ThrowAggregateAsync);
            Assert.Equal("batch failed (first) (second) (vendor down)", aggregate.Message);
            Assert.Equal(3, aggregate.InnerExceptions.Count);
            Assert.IsType<TimeoutException>(aggregate.InnerExceptions[0]);
            var nested = Assert.IsType<InvalidOperationException>(aggregate.InnerExceptions[1]);
            Assert.IsType<ArgumentNullException>(nested.InnerException);
            Assert.Equal("Vendor.DownException", Assert.IsType<RemoteGrainException>(aggregate.InnerExceptions[2]).ExceptionType);
        }
    }

    private static async Task<(string Key, IThrowingGrain Grain)> GrainOnAsync(InProcessSilo caller, string home)
    {
        for (var i = 0; i < 64; i++)
        {
            var grain = caller.GrainFactory.GetGrain<IThrowingGrain>($"thrower-{i}");
            if (await grain.WhereAsync() == home)
            {
                return ($"thrower-{i}", grain);
            }
        }

        throw new InvalidOperationException($"No grain thrower-0..63 lives on {home}.");
    }

    public sealed class ThrowingGrain(IOptions<SiloOptions> silo) : Grain, IThrowingGrain
    {
        public Task<string> WhereAsync() => Task.FromResult(silo.Value.SiloName);

        public Task ThrowChainAsync() => throw new InvalidOperationException("outer", new ArgumentException("inner"));

        public Task ThrowAggregateAsync() =>
            throw new AggregateException(
                "batch failed",
                new TimeoutException("first"),
                new InvalidOperationException("second", new ArgumentNullException("payload")),
                new RemoteGrainException("Vendor.DownException", "vendor down"));
    }
}
