using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Testing;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Invocation;

public sealed class ResponseTimeoutTests
{
    [Fact]
    public void ResponseTimeout_Default_IsThirtySeconds() => Assert.Equal(TimeSpan.FromSeconds(30), new MessagingOptions().ResponseTimeout);

    [Fact]
    public async Task Call_WithoutResponseWithinTimeout_ThrowsTimeoutWithUnknownOutcome()
    {
        var time = new FakeTimeProvider();
        await using var cluster = await new InProcessTestClusterBuilder()
            .UseTimeProvider(time)
            .WithSetting("Silo:Messaging:ResponseTimeout", "00:00:02")
            .ConfigureSilo(silo => silo.AddMemoryGrainStorage())
            .ConfigureServices(services => services.AddTestGrainServices())
            .BuildAndStartAsync();
        var gates = cluster.Services.GetRequiredService<TestGates>();
        var call = cluster.GrainFactory.GetGrain<IHangingGrain>("stuck").HangAsync();
        await gates.EnteredAsync("hang:stuck");

        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("outcome is unknown", timeout.Message);
        gates.Open("hang:stuck");
    }
}
