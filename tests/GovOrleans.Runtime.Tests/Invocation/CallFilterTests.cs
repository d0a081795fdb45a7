using System.Collections.Concurrent;
using GovOrleans.Runtime.Abstractions.Filters;
using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Testing;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Invocation;

public sealed class CallFilterTests
{
    [Fact]
    public async Task IncomingFilters_RunInRegistrationOrder_ThenTheGrainsOwn_AndUnwindInReverse()
    {
        var order = new ConcurrentQueue<string>();
        await using var cluster = await StartAsync(services => services
            .AddSingleton<IIncomingGrainCallFilter>(new SuffixFilter("f1", order))
            .AddSingleton<IIncomingGrainCallFilter>(new SuffixFilter("f2", order)));

        var result = await cluster.GrainFactory.GetGrain<IEchoGrain>(7).EchoAsync("hi");

        Assert.Equal("hi|grain|f2|f1", result);
        Assert.Equal(["f1", "f2"], order);
    }

    [Fact]
    public async Task OutgoingFilter_SeesTheCall_AndCanRewriteArguments()
    {
        var seen = new ConcurrentQueue<string>();
        await using var cluster = await StartAsync(services => services.AddSingleton<IOutgoingGrainCallFilter>(new UpperCaseFilter(seen)));

        var result = await cluster.GrainFactory.GetGrain<IEchoGrain>(8).EchoAsync("hi");

        Assert.Equal("HI|grain", result);
        Assert.Contains("echo/8 EchoAsync", seen);
    }

    private static Task<InProcessTestCluster> StartAsync(Action<IServiceCollection> services) =>
        new InProcessTestClusterBuilder()
            .ConfigureSilo(silo => silo.AddMemoryGrainStorage())
            .ConfigureServices(s => services(s.AddTestGrainServices()))
            .BuildAndStartAsync();

    private sealed class SuffixFilter(string name, ConcurrentQueue<string> order) : IIncomingGrainCallFilter
    {
        public async Task Invoke(IIncomingGrainCallContext context)
        {
            order.Enqueue(name);
            await context.Invoke();
            if (context.Result is string text)
            {
                context.Result = text + "|" + name;
            }
        }
    }

    private sealed class UpperCaseFilter(ConcurrentQueue<string> seen) : IOutgoingGrainCallFilter
    {
        public async Task Invoke(IOutgoingGrainCallContext context)
        {
            seen.Enqueue($"{context.TargetId} {context.InterfaceMethod.Name}");
            if (context.Arguments is [string text])
            {
                context.Arguments[0] = text.ToUpperInvariant();
            }

            await context.Invoke();
        }
    }
}
