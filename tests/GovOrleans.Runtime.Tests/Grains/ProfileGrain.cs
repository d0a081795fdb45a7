using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;

namespace GovOrleans.Runtime.Tests.Grains;

public sealed class ProfileState
{
    public string? Name { get; set; }

    public int Revision { get; set; }
}

public sealed record ProfileSnapshot(string? Name, int Revision, string? ETag, bool RecordExists);

public interface IProfileGrain : IGrainWithStringKey
{
    Task<ProfileSnapshot> SetNameAsync(string name);

    Task<ProfileSnapshot> GetAsync();

    Task ClearAsync();
}

/// <summary>The class was renamed from ProfileGrain; the pinned grain type keeps its stored rows reachable.</summary>
[GrainType("profile")]
public sealed class CitizenProfileRenamedGrain([PersistentState("profile")] IPersistentState<ProfileState> profile) : Grain, IProfileGrain
{
    public async Task<ProfileSnapshot> SetNameAsync(string name)
    {
        profile.State.Name = name;
        profile.State.Revision++;
        await profile.WriteStateAsync();
        return Snapshot();
    }

    public Task<ProfileSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public Task ClearAsync() => profile.ClearStateAsync();

    private ProfileSnapshot Snapshot() => new(profile.State.Name, profile.State.Revision, profile.Etag, profile.RecordExists);
}
