using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Catalogue;

[Collection(ClusterCollection.Name)]
public sealed class CaseTypeGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SaveDraft_InvalidDefinition_ReportsEveryError()
    {
        var draft = ParkingPermit() with
        {
            Fields =
            [
                new FormField("district", "District", FieldType.Choice),
                new FormField("District", "Again", FieldType.Text),
                new FormField("1bad", "Bad name", FieldType.Text),
                new FormField("code", "Code", FieldType.Text, Pattern: "(unclosed"),
                new FormField("count", "Count", FieldType.Number, Min: 5, Max: 1),
            ],
            WorkflowVersion = 9,
            LeadTimeDays = 0,
            RetentionYears = 101,
            DefaultDepartment = "atlantis",
            RoutingRules = [new RoutingRule("missing", "x", North)],
        };

        var ex = await Assert.ThrowsAsync<RuleViolationException>(() =>
            fixture.Grains.GetGrain<ICaseTypeGrain>(NewId("ct")).SaveDraftAsync(draft, Operator));

        Assert.Equal(
            ["defaultDepartment", "fields[0].options", "fields[1].name", "fields[2].name", "fields[3].pattern", "fields[4].min", "leadTimeDays", "retentionYears", "routingRules[0].field", "workflowVersion"],
            ex.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Publish_ThenSaveDraft_StartsNextVersionAndPublishedStaysImmutable()
    {
        var code = NewId("ct");
        var grain = fixture.Grains.GetGrain<ICaseTypeGrain>(code);
        await grain.SaveDraftAsync(ParkingPermit(), Operator);
        var published = await grain.PublishAsync(Operator);

        var draft = await grain.SaveDraftAsync(ParkingPermit("Parking permit 2026"), Operator);
        var redraft = await grain.SaveDraftAsync(ParkingPermit("Parking permit 2026 (fixed)"), Operator);

        Assert.Equal((1, CaseTypeStatus.Published), (published.Version, published.Status));
        Assert.Equal((2, CaseTypeStatus.Draft), (draft.Version, draft.Status));
        Assert.Equal(2, redraft.Version);
        Assert.Equal("Parking permit", (await grain.GetVersionAsync(1)).Title);
        Assert.Equal("Parking permit", (await grain.GetPublishedAsync()).Title);
        Assert.Equal(2, (await grain.GetVersionsAsync()).Length);
        await grain.PublishAsync(Operator);
        Assert.Equal("Parking permit 2026 (fixed)", (await grain.GetPublishedAsync()).Title);
        await Assert.ThrowsAsync<ConflictException>(() => grain.PublishAsync(Operator));
        var listed = Assert.Single(await fixture.Grains.GetGrain<ICaseTypeCatalogueGrain>(ICaseTypeCatalogueGrain.Key).ListAsync(), s => s.Code == code);
        Assert.Equal(2, listed.Version);
    }

    [Fact]
    public async Task SaveDraft_SameAsPublished_ReturnsPublishedVersion()
    {
        var grain = fixture.Grains.GetGrain<ICaseTypeGrain>(NewId("ct"));
        await grain.SaveDraftAsync(ParkingPermit(), Operator);
        await grain.PublishAsync(Operator);

        var again = await grain.SaveDraftAsync(ParkingPermit(), Operator);

        Assert.Equal((1, CaseTypeStatus.Published), (again.Version, again.Status));
        Assert.Single(await grain.GetVersionsAsync());
    }

    [Fact]
    public async Task SaveDraft_NotOperator_ThrowsForbidden_AndUnpublished_NotFound()
    {
        var grain = fixture.Grains.GetGrain<ICaseTypeGrain>(NewId("ct"));

        await Assert.ThrowsAsync<ForbiddenException>(() => grain.SaveDraftAsync(ParkingPermit(), Admin(North)));
        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetPublishedAsync());
    }
}
