using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Workflows;
using GovOrleans.Runtime.Testing;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Cases;

/// <summary>Workflow states with an SLA of their own (SlaDays) escalate a case that stays in them too long.</summary>
public sealed class CaseStatusSlaTests : IAsyncLifetime
{
    private const string SlaWorkflow = "permit-sla";
    private const string SlaCaseType = "sla-permit";
    private const int IntakeSlaDays = 2;

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingSink _sink = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await StartSeededClusterAsync(_time, _sink);
        var workflow = PermitWorkflow() with
        {
            Id = SlaWorkflow,
            States =
            [
                new WorkflowState("received", "Received", "Received", SlaDays: IntakeSlaDays),
                new WorkflowState("in-review", "In review", "Being assessed"),
                new WorkflowState("decided", "Decided", "Decision made", IsFinal: true),
                new WorkflowState("withdrawn", "Withdrawn", "Withdrawn", IsFinal: true),
            ],
        };
        await _cluster.GrainFactory.GetGrain<IWorkflowGrain>(SlaWorkflow).AddVersionAsync(workflow, Operator);
        var caseType = _cluster.GrainFactory.GetGrain<ICaseTypeGrain>(SlaCaseType);
        await caseType.SaveDraftAsync(ParkingPermit("Parking permit with intake SLA") with { WorkflowId = SlaWorkflow }, Operator);
        await caseType.PublishAsync(Operator);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task StatusSla_Passed_EscalatesOnceWithoutBreachingTheCaseDeadline()
    {
        var (caseId, submitted) = await SubmitSlaCaseAsync();
        Assert.Equal(submitted.SubmittedAt.AddDays(IntakeSlaDays), submitted.StatusDueAt);
        var escalated = _sink.WaitForAsync(e => e.CaseId == caseId && e.Type == CaseEventType.StatusDeadlineBreached);

        _time.Advance(TimeSpan.FromDays(IntakeSlaDays));
        await escalated.Within("status SLA breach");

        var grain = _cluster.GrainFactory.GetGrain<ICaseGrain>(caseId);
        var view = await grain.GetAsync(Operator);
        Assert.True(view.StatusDeadlineBreached);
        Assert.False(view.DeadlineBreached);
        Assert.Equal(2, view.Version);
        Assert.Contains(await grain.GetHistoryAsync(Operator), h => h.Action == "status-deadline-breached" && h.ToStatus == "received");

        // The case's own deadline still escalates later, once.
        var breached = _sink.WaitForAsync(e => e.CaseId == caseId && e.Type == CaseEventType.DeadlineBreached);
        _time.Advance(submitted.DueAt - _time.GetUtcNow());
        await breached.Within("case deadline breach");
        Assert.Single(_sink.For(caseId), e => e.Type == CaseEventType.StatusDeadlineBreached);
        Assert.Single(_sink.For(caseId), e => e.Type == CaseEventType.DeadlineBreached);
    }

    [Fact]
    public async Task StatusSla_LeftInTime_DoesNotEscalate_AndANewStatusWithoutSlaClearsIt()
    {
        var (caseId, _) = await SubmitSlaCaseAsync();
        var grain = _cluster.GrainFactory.GetGrain<ICaseGrain>(caseId);
        _time.Advance(TimeSpan.FromDays(1));

        var reviewing = await grain.TransitionAsync(new CaseTransition("start-review", null, ImmutableDictionary<string, string>.Empty), Caseworker(North));

        // Past the old status SLA up to the case deadline: the deadline's event is the barrier after which a wrong status
        // escalation would have been delivered already.
        var breached = _sink.WaitForAsync(e => e.CaseId == caseId && e.Type == CaseEventType.DeadlineBreached);
        _time.Advance(reviewing.DueAt - _time.GetUtcNow());
        await breached.Within("case deadline breach");
        var view = await grain.GetAsync(Operator);

        Assert.Null(reviewing.StatusDueAt);
        Assert.False(view.StatusDeadlineBreached);
        Assert.DoesNotContain(_sink.For(caseId), e => e.Type == CaseEventType.StatusDeadlineBreached);
    }

    [Fact]
    public async Task StatusSla_Suspension_ShiftsTheStatusDeadline()
    {
        var (caseId, submitted) = await SubmitSlaCaseAsync();
        var grain = _cluster.GrainFactory.GetGrain<ICaseGrain>(caseId);
        await grain.SuspendAsync("Waiting for the applicant", null, Caseworker(North));
        _time.Advance(TimeSpan.FromDays(5));

        var resumed = await grain.ResumeAsync(null, Caseworker(North));
        Assert.Equal(submitted.StatusDueAt!.Value.AddDays(5), resumed.StatusDueAt);
        Assert.False(resumed.StatusDeadlineBreached);

        // The escalation comes at the shifted time, not at the original one (which fell inside the suspension).
        var escalated = _sink.WaitForAsync(e => e.CaseId == caseId && e.Type == CaseEventType.StatusDeadlineBreached);
        _time.Advance(resumed.StatusDueAt!.Value - _time.GetUtcNow());
        var escalation = await escalated.Within("status SLA breach after the resume");
        Assert.Equal(resumed.StatusDueAt, escalation.At);
        Assert.Single(_sink.For(caseId), e => e.Type == CaseEventType.StatusDeadlineBreached);
    }

    private async Task<(string CaseId, CaseView View)> SubmitSlaCaseAsync()
    {
        var caseId = NewId("case");
        var view = await _cluster.GrainFactory.GetGrain<ICaseGrain>(caseId).SubmitAsync(new SubmitCase(SlaCaseType, ValidData()), Citizen(NewId("c")));
        return (caseId, view);
    }
}
