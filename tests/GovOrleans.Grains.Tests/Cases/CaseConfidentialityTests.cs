using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.Grains.Cases;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using Microsoft.Extensions.DependencyInjection;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Cases;

/// <summary>Cases of level CaseConfidential and up reach their parties only: reads, changes, search and the department queue.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CaseConfidentialityTests(ClusterFixture fixture)
{
    private static readonly CaseTransition s_startReview = new("start-review", null, []);

    private ICaseSearchGrain Search => fixture.Grains.GetGrain<ICaseSearchGrain>(ICaseSearchGrain.Key);

    [Fact]
    public async Task Get_PartiesOnlyCase_PartiesReadOthersAreTurnedAway()
    {
        var citizen = NewId("c");
        var caseId = NewId("case");
        var submitted = await SubmitAsync(fixture.Grains, caseId, citizen, caseType: ConfidentialCaseType);
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);

        Assert.Equal(Confidentiality.CaseConfidential, submitted.Confidentiality);
        Assert.Equal(caseId, (await grain.GetAsync(Citizen(citizen))).Id);
        Assert.Equal(caseId, (await grain.GetAsync(Admin(North))).Id);
        Assert.Equal(caseId, (await grain.GetAsync(TestMunicipality.System(North, Scopes.CasesRead))).Id);
        Assert.NotEmpty(await grain.GetHistoryAsync(Admin(North)));

        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetAsync(Citizen(NewId("other"))));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetAsync(TestMunicipality.System(North)));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetAsync(Caseworker(South)));
        foreach (var outsider in new[] { Operator, Caseworker(North) })
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetAsync(outsider));
            await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetHistoryAsync(outsider));
            await Assert.ThrowsAsync<ForbiddenException>(() => grain.TransitionAsync(s_startReview, outsider));
        }

        // The workflow lets operators withdraw, but an operator is not a party of this case.
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.TransitionAsync(new CaseTransition("withdraw", null, []), Operator));
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.AssignAsync("cw-north", null, Operator));
    }

    [Fact]
    public async Task Assign_PartiesOnlyCase_AssigneeReachesItUntilReassigned()
    {
        var caseId = NewId("case");
        await SubmitAsync(fixture.Grains, caseId, NewId("c"), caseType: ConfidentialCaseType);
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        var first = Caseworker(North);
        var second = Caseworker(North, "cw2-north");

        await grain.AssignAsync(first.Subject, null, Admin(North));

        Assert.Equal(caseId, (await grain.GetAsync(first)).Id);
        Assert.Equal("in-review", (await grain.TransitionAsync(s_startReview, first)).Status);
        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetAsync(second));

        await grain.AssignAsync(second.Subject, null, Admin(North));

        await Assert.ThrowsAsync<ForbiddenException>(() => grain.GetAsync(first));
        Assert.Equal(second.Subject, (await grain.GetAsync(second)).AssignedTo);
    }

    [Fact]
    public async Task Get_InternalCase_OperatorAndEveryCaseworkerOfTheDepartmentRead()
    {
        var caseId = NewId("case");
        await SubmitAsync(fixture.Grains, caseId, NewId("c"));
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        await grain.AssignAsync("cw-north", null, Admin(North));

        Assert.Equal(caseId, (await grain.GetAsync(Operator)).Id);
        Assert.Equal(caseId, (await grain.GetAsync(Caseworker(North, "cw2-north"))).Id);
    }

    [Fact]
    public async Task SearchAndQueue_PartiesOnlyCase_ListedToPartiesOnly()
    {
        var citizen = NewId("c");
        var open = NewId("case");
        var assigned = NewId("case");
        var internalCase = NewId("case");
        await SubmitAsync(fixture.Grains, open, citizen, caseType: ConfidentialCaseType);
        await SubmitAsync(fixture.Grains, assigned, citizen, caseType: ConfidentialCaseType);
        await SubmitAsync(fixture.Grains, internalCase, citizen);
        await fixture.Grains.GetGrain<ICaseGrain>(assigned).AssignAsync("cw-north", null, Admin(North));
        var query = new CaseQuery(CitizenId: citizen);

        async Task<string[]> ListedAsync(Actor actor) =>
            [.. (await Search.SearchAsync(query, actor)).Items.Select(i => i.Id).Order(StringComparer.Ordinal)];

        async Task<string[]> QueuedAsync(Actor actor) =>
            [.. (await fixture.Grains.GetGrain<IDepartmentGrain>(North).GetQueueAsync(actor))
                .Select(i => i.CaseId).Where(id => id == open || id == assigned || id == internalCase).Order(StringComparer.Ordinal)];

        string[] All(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

        Assert.Equal(All(open, assigned, internalCase), await ListedAsync(Citizen(citizen)));
        Assert.Equal(All(open, assigned, internalCase), await ListedAsync(Admin(North)));
        Assert.Equal(All(open, assigned, internalCase), await ListedAsync(TestMunicipality.System(North, Scopes.CasesRead)));
        Assert.Equal(All(assigned, internalCase), await ListedAsync(Caseworker(North)));
        Assert.Equal(All(internalCase), await ListedAsync(Caseworker(North, "cw2-north")));
        Assert.Equal(All(internalCase), await ListedAsync(Operator));
        Assert.Equal(1, (await Search.SearchAsync(query, Operator)).Total);

        Assert.Equal(All(open, assigned, internalCase), await QueuedAsync(Admin(North)));
        Assert.Equal(All(open, assigned, internalCase), await QueuedAsync(TestMunicipality.System(North, Scopes.CasesRead)));
        Assert.Equal(All(assigned, internalCase), await QueuedAsync(Caseworker(North)));
        Assert.Equal(All(internalCase), await QueuedAsync(Caseworker(North, "cw2-north")));
        Assert.Equal(All(internalCase), await QueuedAsync(Operator));
    }

    [Fact]
    public async Task Activate_OutboxEventStoredWithoutTheLevel_IsDeliveredWithTheCaseLevel()
    {
        // A case stored by the release before events carried the level: its pending event reads as Public.
        var caseId = NewId("case");
        var citizen = NewId("c");
        var at = fixture.Time.GetUtcNow();
        var legacy = new CaseEvent(
            Guid.NewGuid(), caseId, CaseEventType.CaseSubmitted, at, citizen, North, ConfidentialCaseType, Confidentiality.Public, "received",
            "Received", null, at.AddDays(LeadTimeDays), false, false, at, 1, null);
        var stored = new CaseState
        {
            Submitted = true,
            CaseTypeCode = ConfidentialCaseType,
            CaseTypeVersion = 1,
            Confidentiality = Confidentiality.CaseConfidential,
            WorkflowId = Workflow,
            WorkflowVersion = 1,
            CitizenId = citizen,
            Department = North,
            Status = "received",
            SubmittedAt = at,
            DueAt = at.AddDays(LeadTimeDays),
            Version = 1,
            PendingEvents = [new PendingCaseEvent { Event = legacy }],
        };
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        var storage = fixture.Cluster.Services.GetRequiredKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName);
        await storage.WriteStateAsync("case", grain.GetGrainId(), new GrainState<CaseState>(stored));

        await grain.GetAsync(Citizen(citizen));

        Assert.Equal(Confidentiality.CaseConfidential, Assert.Single(fixture.Sink.For(caseId)).Confidentiality);
        Assert.Empty((await Search.SearchAsync(new CaseQuery(CitizenId: citizen), Operator)).Items);
        Assert.Equal(caseId, Assert.Single((await Search.SearchAsync(new CaseQuery(CitizenId: citizen), Admin(North))).Items).Id);
        Assert.DoesNotContain(await fixture.Grains.GetGrain<IDepartmentGrain>(North).GetQueueAsync(Caseworker(North)), i => i.CaseId == caseId);
    }
}
