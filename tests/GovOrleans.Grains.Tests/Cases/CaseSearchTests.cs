using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Runtime.Abstractions;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Cases;

[Collection(ClusterCollection.Name)]
public sealed class CaseSearchTests(ClusterFixture fixture)
{
    private ICaseSearchGrain Search => fixture.Grains.GetGrain<ICaseSearchGrain>(ICaseSearchGrain.Key);

    [Fact]
    public async Task Search_AfterCasesDeactivated_DoesNotActivateThem()
    {
        var citizen = NewId("c");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(NewId("case"));
            await SubmitAsync(fixture.Grains, ids[^1], citizen);
        }

        var grainIds = ids.Select(id => fixture.Grains.GetGrain<ICaseGrain>(id).GetGrainId()).ToList();
        foreach (var grainId in grainIds)
        {
            await fixture.Cluster.DeactivateAsync(grainId);
        }

        var page = await Search.SearchAsync(new CaseQuery(), Citizen(citizen));

        Assert.Equal(3, page.Total);
        Assert.Equal(ids.Order(StringComparer.Ordinal), page.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.All(grainIds, id => Assert.False(fixture.Cluster.IsActive(id)));
    }

    [Fact]
    public async Task Search_Citizen_SeesOnlyOwnCasesWhateverTheFilter()
    {
        var mine = NewId("c");
        var other = NewId("c");
        var myCase = NewId("case");
        await SubmitAsync(fixture.Grains, myCase, mine);
        await SubmitAsync(fixture.Grains, NewId("case"), other);

        var page = await Search.SearchAsync(new CaseQuery(CitizenId: other), Citizen(mine));

        Assert.Equal(myCase, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task Search_Staff_SeesOnlyOwnDepartment()
    {
        var citizen = NewId("c");
        var northCase = NewId("case");
        await SubmitAsync(fixture.Grains, northCase, citizen, North);
        await SubmitAsync(fixture.Grains, NewId("case"), citizen, South);

        var asNorth = await Search.SearchAsync(new CaseQuery(CitizenId: citizen, Department: South), Caseworker(North));
        var asOperator = await Search.SearchAsync(new CaseQuery(CitizenId: citizen), Operator);
        var asSystem = await Search.SearchAsync(new CaseQuery(CitizenId: citizen), TestMunicipality.System(South, Scopes.CasesRead));

        Assert.Equal(northCase, Assert.Single(asNorth.Items).Id);
        Assert.Equal(2, asOperator.Total);
        Assert.Equal(South, Assert.Single(asSystem.Items).Department);
        await Assert.ThrowsAsync<ForbiddenException>(() => Search.SearchAsync(new CaseQuery(), TestMunicipality.System(South)));
    }

    [Fact]
    public async Task Search_OrderingAndPaging_ReturnsStablePages()
    {
        var citizen = NewId("c");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(NewId("case"));
            await SubmitAsync(fixture.Grains, ids[^1], citizen);
        }

        var first = await Search.SearchAsync(new CaseQuery(Ordering: "submittedAt", PageSize: 2), Citizen(citizen));
        var third = await Search.SearchAsync(new CaseQuery(Ordering: "submittedAt", PageSize: 2, Page: 3), Citizen(citizen));

        Assert.Equal(5, first.Total);
        Assert.Equal(2, first.Items.Length);
        Assert.Single(third.Items);
        var all = await Search.SearchAsync(new CaseQuery(Ordering: "-dueAt"), Citizen(citizen));
        Assert.Equal(ids.Order(StringComparer.Ordinal).Reverse(), all.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Search_InvalidPagingAndOrdering_ReportsEveryField()
    {
        var ex = await Assert.ThrowsAsync<RuleViolationException>(() =>
            Search.SearchAsync(new CaseQuery(Ordering: "citizenName", Page: 0, PageSize: 101), Operator));

        Assert.Equal(["ordering", "page", "pageSize"], ex.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }
}
