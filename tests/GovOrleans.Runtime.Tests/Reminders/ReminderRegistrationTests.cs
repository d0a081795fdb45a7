using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Tests.Grains;

namespace GovOrleans.Runtime.Tests.Reminders;

[Collection(ClusterCollection.Name)]
public sealed class ReminderRegistrationTests(SharedClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.GrainFactory;

    [Fact]
    public async Task Register_PeriodBelowOneMinute_IsRefused()
    {
        var grain = _grains.GetGrain<IReminderGrain>(Guid.NewGuid().ToString());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.RegisterAsync("fast", TimeSpan.Zero, TimeSpan.FromSeconds(10)));
        Assert.Equal(0, await grain.ReminderCountAsync());
    }

    [Fact]
    public async Task Register_SameNameTwice_ReplacesTheReminder()
    {
        var grain = _grains.GetGrain<IReminderGrain>(Guid.NewGuid().ToString());
        await grain.RegisterAsync("r", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        await grain.RegisterAsync("r", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        Assert.Equal(1, await grain.ReminderCountAsync());
    }

    [Fact]
    public async Task Unregister_WithAStaleHandle_FailsAndKeepsTheNewerRegistration()
    {
        var grain = _grains.GetGrain<IReminderGrain>(Guid.NewGuid().ToString());
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => grain.UnregisterWithStaleHandleAsync("r", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)));
        Assert.Equal(1, await grain.ReminderCountAsync());
    }

    [Fact]
    public async Task RequestContext_ValuesFlowIntoCalls_AsCopies()
    {
        var grain = _grains.GetGrain<IContextGrain>(Guid.NewGuid().ToString());
        var shared = new List<string> { "caller" };
        RequestContext.Set("list", shared);
        try
        {
            Assert.Equal(2, await grain.AppendToContextListAsync("list"));
        }
        finally
        {
            RequestContext.Remove("list");
        }

        Assert.Equal(["caller"], shared);
    }
}
