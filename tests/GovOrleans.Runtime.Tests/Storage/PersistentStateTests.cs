using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Storage;

[Collection(ClusterCollection.Name)]
public sealed class PersistentStateTests(SharedClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.GrainFactory;
    private readonly IGrainStorage _storage = fixture.Cluster.Services.GetRequiredKeyedService<IGrainStorage>("Default");

    [Fact]
    public async Task WrittenState_IsLoadedByTheNextActivation()
    {
        var grain = _grains.GetGrain<IProfileGrain>(Guid.NewGuid().ToString());
        var written = await grain.SetNameAsync("Ada");
        await fixture.Cluster.DeactivateAsync(grain.GetGrainId());

        var loaded = await grain.GetAsync();

        Assert.Equal(new ProfileSnapshot("Ada", 1, written.ETag, true), loaded);
    }

    [Fact]
    public async Task State_IsStoredUnderThePinnedGrainType_NotTheClassName()
    {
        var key = Guid.NewGuid().ToString();
        await _grains.GetGrain<IProfileGrain>(key).SetNameAsync("Grace");

        var stored = new GrainState<ProfileState>(new ProfileState());
        await _storage.ReadStateAsync("profile", new GrainId(new GrainType("profile"), key), stored);

        Assert.True(stored.RecordExists);
        Assert.Equal("Grace", stored.State.Name);
    }

    [Fact]
    public async Task StaleEtag_OnWrite_ThrowsAndTheNextCallReloadsFreshState()
    {
        var key = Guid.NewGuid().ToString();
        var grain = _grains.GetGrain<IProfileGrain>(key);
        await grain.SetNameAsync("first");

        // Another writer (a duplicate activation elsewhere, an operator tool) moves the row on.
        var id = new GrainId(new GrainType("profile"), key);
        var other = new GrainState<ProfileState>(new ProfileState());
        await _storage.ReadStateAsync("profile", id, other);
        other.State.Name = "other writer";
        await _storage.WriteStateAsync("profile", id, other);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetNameAsync("lost update"));

        var reloaded = await grain.GetAsync();
        Assert.Equal("other writer", reloaded.Name);
        Assert.Equal(other.ETag, reloaded.ETag);
    }

    [Fact]
    public async Task ClearState_RemovesTheRecord()
    {
        var grain = _grains.GetGrain<IProfileGrain>(Guid.NewGuid().ToString());
        await grain.SetNameAsync("temp");
        await grain.ClearAsync();
        await fixture.Cluster.DeactivateAsync(grain.GetGrainId());

        var loaded = await grain.GetAsync();

        Assert.False(loaded.RecordExists);
        Assert.Null(loaded.Name);
    }
}
