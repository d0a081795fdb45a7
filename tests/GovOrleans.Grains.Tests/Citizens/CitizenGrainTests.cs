using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Citizens;
using GovOrleans.GrainInterfaces.Common;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Citizens;

[Collection(ClusterCollection.Name)]
public sealed class CitizenGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task OnCaseEvent_SameEventTwice_AppliesOnce()
    {
        var citizen = NewId("c");
        var grain = fixture.Grains.GetGrain<ICitizenGrain>(citizen);
        var e = new CaseEvent(
            Guid.NewGuid(), "case-1", CaseEventType.StatusChanged, DateTimeOffset.UnixEpoch, citizen, North, CaseType, Confidentiality.Internal, "in-review",
            "Being assessed", null, DateTimeOffset.UnixEpoch, false, false, DateTimeOffset.UnixEpoch, 2, null);

        await grain.OnCaseEventAsync(e);
        await grain.OnCaseEventAsync(e);

        var notification = Assert.Single(await grain.GetInboxAsync(Citizen(citizen)));
        Assert.Equal("The status of your case is now: Being assessed.", notification.Message);
        Assert.Equal("case-1", Assert.Single(await grain.GetCaseIdsAsync(Citizen(citizen))));
    }

    [Fact]
    public async Task GetProfile_OtherCitizen_ThrowsNotFound_AndStaffForbidden()
    {
        var grain = fixture.Grains.GetGrain<ICitizenGrain>(NewId("c"));

        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetProfileAsync(Citizen(NewId("other"))));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetInboxAsync(Caseworker(North)));
    }

    [Fact]
    public async Task UpdateProfile_Invalid_ReportsEveryField_AndValidIsStored()
    {
        var id = NewId("c");
        var grain = fixture.Grains.GetGrain<ICitizenGrain>(id);

        var ex = await Assert.ThrowsAsync<RuleViolationException>(() =>
            grain.UpdateProfileAsync(new CitizenProfileUpdate("", "nope", "12", ["pigeon"], true), null, Citizen(id)));
        var profile = await grain.UpdateProfileAsync(new CitizenProfileUpdate("Sam", "sam@example.org", "+31 20 123 4567", ["email"], true), null, Citizen(id));

        Assert.Equal(["displayName", "email", "phone", "preferredChannels"], ex.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal(1, profile.Version);
        Assert.Equal(profile, await grain.GetProfileAsync(Operator) with { PreferredChannels = profile.PreferredChannels });
    }

    [Fact]
    public async Task UpdateProfile_StaleExpectedVersion_ThrowsPreconditionFailure()
    {
        var id = NewId("c");
        var grain = fixture.Grains.GetGrain<ICitizenGrain>(id);
        var first = await grain.UpdateProfileAsync(new CitizenProfileUpdate("Sam", null, null, [], false), 0, Citizen(id));

        var ex = await Assert.ThrowsAsync<ConflictException>(() =>
            grain.UpdateProfileAsync(new CitizenProfileUpdate("Sam B.", null, null, [], false), 0, Citizen(id)));
        var second = await grain.UpdateProfileAsync(new CitizenProfileUpdate("Sam B.", null, null, [], false), first.Version, Citizen(id));

        Assert.True(ex.IsPreconditionFailure);
        Assert.Equal(1, ex.CurrentVersion);
        Assert.Equal(("Sam B.", 2), (second.DisplayName, second.Version));
    }
}
