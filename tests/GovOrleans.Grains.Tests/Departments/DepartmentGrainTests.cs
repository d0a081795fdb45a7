using System.Text.Json;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.Grains.Departments;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using Microsoft.Extensions.DependencyInjection;
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

        var view = await grain.GetAsync(Operator);
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
        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetAsync(Operator));

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

    [Fact]
    public async Task OnCaseEvent_EveryAppliedEvent_IncreasesQueueVersion()
    {
        var code = NewId("dep");
        var grain = fixture.Grains.GetGrain<IDepartmentGrain>(code);
        var configured = await grain.ConfigureAsync(new DepartmentDefinition(code, "Test", []), Operator);

        await grain.OnCaseEventAsync(Event("case-1", 1, closed: false));
        var afterOpen = await grain.GetAsync(Operator);
        await grain.OnCaseEventAsync(Event("case-1", 1, closed: false));
        var afterRepeat = await grain.GetAsync(Operator);
        await grain.OnCaseEventAsync(Event("case-1", 2, closed: true));
        var afterClose = await grain.GetAsync(Operator);

        Assert.Equal((1, 0), (configured.Version, configured.QueueVersion));
        Assert.Equal([1, 1, 2], [afterOpen.QueueVersion, afterRepeat.QueueVersion, afterClose.QueueVersion]);
        Assert.All([afterOpen, afterRepeat, afterClose], v => Assert.Equal(1, v.Version));
        Assert.Equal(new DepartmentCounters(Open: 0, Unassigned: 0, Breached: 0, Closed: 1), afterClose.Counters);
    }

    [Fact]
    public async Task OnCaseEvent_OlderVersionOfOpenCase_IsIgnored()
    {
        var code = NewId("dep");
        var grain = fixture.Grains.GetGrain<IDepartmentGrain>(code);
        await grain.ConfigureAsync(new DepartmentDefinition(code, "Test", []), Operator);

        await grain.OnCaseEventAsync(Event("case-1", 2, closed: false, status: "in-review"));
        await grain.OnCaseEventAsync(Event("case-1", 1, closed: false, status: "received"));

        Assert.Equal("in-review", Assert.Single(await grain.GetQueueAsync(Operator)).Status);
        Assert.Equal(1, (await grain.GetAsync(Operator)).QueueVersion);
    }

    [Fact]
    public async Task OnCaseEvent_ManyClosedCases_StateSizeStaysBounded()
    {
        var code = NewId("dep");
        var grain = fixture.Grains.GetGrain<IDepartmentGrain>(code);
        await grain.ConfigureAsync(new DepartmentDefinition(code, "Test", []), Operator);

        for (var i = 0; i < 1000; i++)
        {
            await grain.OnCaseEventAsync(Event(NewId("case"), 3, closed: true));
        }

        var full = await ReadStateAsync(grain);
        for (var i = 0; i < 200; i++)
        {
            var caseId = NewId("case");
            await grain.OnCaseEventAsync(Event(caseId, 1, closed: false));
            await grain.OnCaseEventAsync(Event(caseId, 2, closed: true));
        }

        var later = await ReadStateAsync(grain);
        Assert.Equal((0, 1000, 1200), (later.Queue.Count, later.RecentlyClosed.Count, later.ClosedCount));
        Assert.True(
            JsonSerializer.Serialize(later).Length <= JsonSerializer.Serialize(full).Length + 16,
            "The department state grew with closed cases.");
    }

    [Fact]
    public async Task GetAndGetQueue_UnconfiguredDepartment_ThrowNotFound_AfterAccessCheck()
    {
        var code = NewId("dep");
        var grain = fixture.Grains.GetGrain<IDepartmentGrain>(code);

        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetQueueAsync(Operator));
        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetAsync(Operator));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetQueueAsync(Caseworker(North)));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetAsync(Caseworker(North)));
    }

    [Fact]
    public async Task Get_OnlyOperatorsStaffAndReadingSystemsOfTheDepartment()
    {
        var grain = fixture.Grains.GetGrain<IDepartmentGrain>(North);

        foreach (var allowed in new[] { Operator, Caseworker(North), Admin(North), TestMunicipality.System(North, Scopes.CasesRead) })
        {
            Assert.Equal(North, (await grain.GetAsync(allowed)).Code);
        }

        foreach (var refused in new[] { Caseworker(South), Admin(South), Citizen("c-1"), TestMunicipality.System(North), TestMunicipality.System(South, Scopes.CasesRead) })
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetAsync(refused));
        }
    }

    private async Task<DepartmentState> ReadStateAsync(IDepartmentGrain grain)
    {
        var storage = fixture.Cluster.Services.GetRequiredKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName);
        var stored = new GrainState<DepartmentState>(new DepartmentState());
        await storage.ReadStateAsync("department", grain.GetGrainId(), stored);
        return stored.State;
    }

    private CaseEvent Event(string caseId, int version, bool closed, int dueInDays = 10, string status = "received")
    {
        var now = fixture.Time.GetUtcNow();
        return new CaseEvent(
            Guid.NewGuid(), caseId, CaseEventType.StatusChanged, now, "c-1", "x", CaseType, Confidentiality.Internal, status, "Received", null,
            now.AddDays(dueInDays), false, closed, now, version, null);
    }
}
