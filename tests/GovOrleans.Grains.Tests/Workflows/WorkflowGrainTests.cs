using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Workflows;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Workflows;

[Collection(ClusterCollection.Name)]
public sealed class WorkflowGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AddVersion_StructurallyBroken_ReportsEveryError()
    {
        var id = NewId("wf");
        var broken = new WorkflowDefinition(
            id,
            1,
            "Broken",
            "start",
            [
                new WorkflowState("open", "Open", "Open"),
                new WorkflowState("done", "Done", "Done", IsFinal: true),
                new WorkflowState("open", "Again", "Again"),
            ],
            [
                new WorkflowTransition("go", "open", "nowhere", [Roles.Caseworker]),
                new WorkflowTransition("reopen", "done", "open", [Roles.Caseworker]),
                new WorkflowTransition("go", "open", "open", ["wizard"]),
            ],
            new EscalationRule(Roles.DepartmentAdmin, ReminderPeriodMinutes: 0));

        var ex = await Assert.ThrowsAsync<RuleViolationException>(() => fixture.Grains.GetGrain<IWorkflowGrain>(id).AddVersionAsync(broken, Operator));

        Assert.Equal(
            ["escalation.reminderPeriodMinutes", "initialState", "states[2].code", "transitions[0].to", "transitions[1].from", "transitions[2].allowedRoles", "transitions[2].name"],
            ex.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AddVersion_NoFinalStateReachable_ThrowsRuleViolation()
    {
        var id = NewId("wf");
        var definition = PermitWorkflow() with
        {
            Id = id,
            Transitions = [new WorkflowTransition("start-review", "received", "in-review", [Roles.Caseworker])],
        };

        var ex = await Assert.ThrowsAsync<RuleViolationException>(() => fixture.Grains.GetGrain<IWorkflowGrain>(id).AddVersionAsync(definition, Operator));

        Assert.Equal("transitions", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public async Task AddVersion_AppendsVersions_AndRepeatingOneIsIdempotentButChangingItConflicts()
    {
        var id = NewId("wf");
        var grain = fixture.Grains.GetGrain<IWorkflowGrain>(id);
        await grain.AddVersionAsync(PermitWorkflow() with { Id = id }, Operator);
        var second = await grain.AddVersionAsync(PermitWorkflow(0) with { Id = id, Title = "Permit v2" }, Operator);

        var repeated = await grain.AddVersionAsync(PermitWorkflow() with { Id = id }, Operator);

        Assert.Equal(2, second.Version);
        Assert.Equal(1, repeated.Version);
        Assert.Equal(2, (await grain.GetVersionsAsync()).Length);
        await Assert.ThrowsAsync<ConflictException>(() => grain.AddVersionAsync(PermitWorkflow() with { Id = id, Title = "Changed" }, Operator));
        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetVersionAsync(3));
    }

    [Fact]
    public async Task AddVersion_NotOperator_ThrowsForbidden()
    {
        var id = NewId("wf");

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            fixture.Grains.GetGrain<IWorkflowGrain>(id).AddVersionAsync(PermitWorkflow() with { Id = id }, Admin(North)));
    }
}
