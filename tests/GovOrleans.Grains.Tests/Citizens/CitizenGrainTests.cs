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
        Assert.Equal(e.EventId, (await grain.GetUpdatesAfterAsync(Guid.Empty, Citizen(citizen))).Latest);
    }

    [Fact]
    public async Task GetProfile_OtherCitizen_ThrowsNotFound_AndStaffForbidden()
    {
        var grain = fixture.Grains.GetGrain<ICitizenGrain>(NewId("c"));

        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetProfileAsync(Citizen(NewId("other"))));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetInboxAsync(Caseworker(North)));
    }

    [Fact]
    public async Task GetUpdatesAfter_MoreThanKept_ReplaysOnlyTheLast200InOrder()
    {
        var citizen = NewId("c");
        var grain = fixture.Grains.GetGrain<ICitizenGrain>(citizen);
        var events = Enumerable.Range(1, 205).Select(i => Event(citizen, $"case-{i % 3}", i)).ToList();
        foreach (var e in events)
        {
            await grain.OnCaseEventAsync(e);
        }

        await grain.OnCaseEventAsync(events[^1]);

        // Kept are events 6 to 205 (indexes 5 to 204): the fifth has been evicted.
        var evicted = await grain.GetUpdatesAfterAsync(events[4].EventId, Citizen(citizen));
        var oldestKept = await grain.GetUpdatesAfterAsync(events[5].EventId, Citizen(citizen));
        var middle = await grain.GetUpdatesAfterAsync(events[200].EventId, Citizen(citizen));
        var newest = await grain.GetUpdatesAfterAsync(events[^1].EventId, Citizen(citizen));

        Assert.Equal((false, 0, events[^1].EventId), (evicted.Known, evicted.Updates.Length, evicted.Latest));
        Assert.True(oldestKept.Known);
        Assert.Equal(events.Skip(6).Select(e => e.EventId), oldestKept.Updates.Select(u => u.EventId));
        Assert.Equal(CitizenCaseUpdate.From(events[6]), oldestKept.Updates[0]);
        Assert.Equal([202, 203, 204, 205], middle.Updates.Select(u => u.Version));
        Assert.Equal((true, 0), (newest.Known, newest.Updates.Length));
    }

    [Fact]
    public async Task GetUpdatesAfter_NoHistory_UnknownWithoutLatest()
    {
        var citizen = NewId("c");

        var replay = await fixture.Grains.GetGrain<ICitizenGrain>(citizen).GetUpdatesAfterAsync(Guid.NewGuid(), Citizen(citizen));

        Assert.Equal((false, 0, (Guid?)null), (replay.Known, replay.Updates.Length, replay.Latest));
    }

    [Fact]
    public async Task GetUpdatesAfter_OtherCitizen_ThrowsNotFound_AndOperatorForbidden()
    {
        var citizen = NewId("c");
        var grain = fixture.Grains.GetGrain<ICitizenGrain>(citizen);
        var e = Event(citizen, "case-1", 1);
        await grain.OnCaseEventAsync(e);

        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetUpdatesAfterAsync(e.EventId, Citizen(NewId("other"))));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetUpdatesAfterAsync(e.EventId, Operator));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetUpdatesAfterAsync(e.EventId, Caseworker(North)));
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

    private static CaseEvent Event(string citizen, string caseId, int version) => new(
        Guid.CreateVersion7(), caseId, CaseEventType.StatusChanged, DateTimeOffset.UnixEpoch.AddMinutes(version), citizen, North, CaseType,
        Confidentiality.Internal, "in-review", "Being assessed", null, DateTimeOffset.UnixEpoch, false, false, DateTimeOffset.UnixEpoch, version, null);
}
