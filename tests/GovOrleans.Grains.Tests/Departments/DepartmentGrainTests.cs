using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Departments;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Departments;

[Collection(ClusterCollection.Name)]
public sealed class DepartmentGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task OnCaseEvent_OlderVersionAfterClose_IsIgnored()
    {
        var code = NewId("dep");
        var grain = fixture.Grains.GetGrain<IDepartmentGrain>(code);
        await grain.ConfigureAsync(new DepartmentDefinition(code, "Test", []), Operator);

        await grain.OnCaseEventAsync(Event("case-1", 1, closed: false));
        await grain.OnCaseEventAsync(Event("case-1", 3, closed: true));
        await grain.OnCaseEventAsync(Event("case-1", 2, closed: false));
        await grain.OnCaseEventAsync(Event("case-2", 1, closed: false, dueInDays: 1));

        var view = await grain.GetAsync();
        Assert.Equal(new DepartmentCounters(Open: 1, Unassigned: 1, Breached: 0, Closed: 1), view.Counters);
        var item = Assert.Single(await grain.GetQueueAsync(Operator));
        Assert.Equal(("case-2", true), (item.CaseId, item.DueSoon));
    }

    [Fact]
    public async Task GetQueue_StaffOfOtherDepartmentOrCitizen_ThrowsForbidden()
    {
        var grain = fixture.Grains.GetGrain<IDepartmentGrain>(North);

        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetQueueAsync(Caseworker(South)));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetQueueAsync(Citizen("c-1")));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetQueueAsync(TestMunicipality.System(North)));
        await grain.GetQueueAsync(TestMunicipality.System(North, Scopes.CasesRead));
    }

    [Fact]
    public async Task Configure_Invalid_ReportsEveryField_AndAdminOfOtherDepartmentForbidden()
    {
        var code = NewId("dep");
        var grain = fixture.Grains.GetGrain<IDepartmentGrain>(code);

        var ex = await Assert.ThrowsAsync<RuleViolationException>(() => grain.ConfigureAsync(
            new DepartmentDefinition("other", "", [new StaffMember("a", "A", [Roles.Operator]), new StaffMember("a", "A", [Roles.Caseworker])], -1),
            Operator));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.ConfigureAsync(new DepartmentDefinition(code, "X", []), Admin(North)));
        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetAsync());

        Assert.Equal(["code", "name", "slaWarningDays", "staff[0].roles", "staff[1].userId"], ex.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Configure_RegistersInDirectory()
    {
        var list = await fixture.Grains.GetGrain<IDepartmentDirectoryGrain>(IDepartmentDirectoryGrain.Key).ListAsync();

        Assert.Contains(list, d => d.Code == North && d.Name == "Permits north");
        Assert.True(await fixture.Grains.GetGrain<IDepartmentGrain>(North).HasStaffAsync("cw-north", Roles.Caseworker));
        Assert.False(await fixture.Grains.GetGrain<IDepartmentGrain>(North).HasStaffAsync("cw-north", Roles.DepartmentAdmin));
    }

    private CaseEvent Event(string caseId, int version, bool closed, int dueInDays = 10)
    {
        var now = fixture.Time.GetUtcNow();
        return new CaseEvent(
            Guid.NewGuid(), caseId, CaseEventType.StatusChanged, now, "c-1", "x", CaseType, "received", "Received", null,
            now.AddDays(dueInDays), false, closed, now, version, null);
    }
}
