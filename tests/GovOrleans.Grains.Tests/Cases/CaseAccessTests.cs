using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Common;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Cases;

[Collection(ClusterCollection.Name)]
public sealed class CaseAccessTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Get_AnotherCitizensCase_ThrowsNotFound()
    {
        var caseId = NewId("case");
        await SubmitAsync(fixture.Grains, caseId, NewId("owner"));
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);

        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetAsync(Citizen(NewId("other"))));
        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetHistoryAsync(Citizen(NewId("other"))));
    }

    [Fact]
    public async Task Get_UnknownCase_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => fixture.Grains.GetGrain<ICaseGrain>(NewId("none")).GetAsync(Operator));
    }

    [Fact]
    public async Task Get_CaseworkerOfAnotherDepartment_ThrowsForbidden()
    {
        var caseId = NewId("case");
        await SubmitAsync(fixture.Grains, caseId, NewId("c"), district: North);
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);

        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetAsync(Caseworker(South)));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.AssignAsync("cw-south", null, Caseworker(South)));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            grain.TransitionAsync(new CaseTransition("start-review", null, []), Caseworker(South)));
    }

    [Fact]
    public async Task Get_OwnerCaseworkerOperator_Succeed()
    {
        var caseId = NewId("case");
        var citizen = NewId("c");
        await SubmitAsync(fixture.Grains, caseId, citizen);
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);

        Assert.Equal(caseId, (await grain.GetAsync(Citizen(citizen))).Id);
        Assert.Equal(caseId, (await grain.GetAsync(Caseworker(North))).Id);
        Assert.Equal(caseId, (await grain.GetAsync(Admin(North))).Id);
        Assert.Equal(caseId, (await grain.GetAsync(Operator)).Id);
    }

    [Fact]
    public async Task Get_SystemClient_NeedsScopeAndDepartment()
    {
        var caseId = NewId("case");
        await SubmitAsync(fixture.Grains, caseId, NewId("c"), district: South);
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);

        Assert.Equal(caseId, (await grain.GetAsync(TestMunicipality.System(South, Scopes.CasesRead))).Id);
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetAsync(TestMunicipality.System(South)));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetAsync(TestMunicipality.System(North, Scopes.CasesRead)));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            grain.TransitionAsync(new CaseTransition("start-review", null, []), TestMunicipality.System(South, Scopes.CasesRead)));
        var moved = await grain.TransitionAsync(new CaseTransition("start-review", null, []), TestMunicipality.System(South, Scopes.CasesTransition));
        Assert.Equal("in-review", moved.Status);
    }

    [Fact]
    public async Task Assign_ByOwningCitizen_ThrowsForbidden()
    {
        var caseId = NewId("case");
        var citizen = NewId("c");
        await SubmitAsync(fixture.Grains, caseId, citizen);

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            fixture.Grains.GetGrain<ICaseGrain>(caseId).AssignAsync("cw-north", null, Citizen(citizen)));
    }
}
