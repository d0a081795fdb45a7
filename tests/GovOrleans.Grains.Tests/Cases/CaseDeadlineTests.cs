using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.Runtime.Testing;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Cases;

/// <summary>Deadlines on a silo of its own, with time moved by a fake clock.</summary>
public sealed class CaseDeadlineTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingSink _sink = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await StartSeededClusterAsync(_time, _sink);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task SuspendResume_ShiftsDeadlineBySuspendedTime()
    {
        var caseId = NewId("case");
        var submitted = await SubmitAsync(_cluster.GrainFactory, caseId, NewId("c"));
        var grain = _cluster.GrainFactory.GetGrain<ICaseGrain>(caseId);

        var suspended = await grain.SuspendAsync("Waiting for the applicant", null, Caseworker(North));
        _time.Advance(TimeSpan.FromDays(3));
        var resumed = await grain.ResumeAsync(null, Caseworker(North));

        Assert.True(suspended.Suspended);
        Assert.False(resumed.Suspended);
        Assert.Equal(submitted.DueAt + TimeSpan.FromDays(3), resumed.DueAt);
        await Assert.ThrowsAsync<ConflictException>(() => grain.ResumeAsync(null, Caseworker(North)));
    }

    [Fact]
    public async Task Extend_ShiftsDeadline_AndRejectsOutOfRangeDays()
    {
        var caseId = NewId("case");
        var submitted = await SubmitAsync(_cluster.GrainFactory, caseId, NewId("c"));
        var grain = _cluster.GrainFactory.GetGrain<ICaseGrain>(caseId);

        var extended = await grain.ExtendAsync(10, "Complex case", null, Caseworker(North));
        var ex = await Assert.ThrowsAsync<RuleViolationException>(() => grain.ExtendAsync(366, "", null, Caseworker(North)));

        Assert.Equal(submitted.DueAt.AddDays(10), extended.DueAt);
        Assert.Equal(["days", "reason"], ex.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reminder_AtDueTime_BreachesDeadlineOnceAndEscalates()
    {
        var caseId = NewId("case");
        var submitted = await SubmitAsync(_cluster.GrainFactory, caseId, NewId("c"));
        var breached = _sink.WaitForAsync(e => e.CaseId == caseId && e.Type == CaseEventType.DeadlineBreached);

        _time.Advance(submitted.DueAt - _time.GetUtcNow());
        await breached.Within("deadline breach");

        var view = await _cluster.GrainFactory.GetGrain<ICaseGrain>(caseId).GetAsync(Operator);
        Assert.True(view.DeadlineBreached);
        Assert.Equal(2, view.Version);
        var item = Assert.Single(await _cluster.GrainFactory.GetGrain<IDepartmentGrain>(North).GetQueueAsync(Operator), q => q.CaseId == caseId);
        Assert.True(item.DeadlineBreached);
        Assert.Equal(1, (await _cluster.GrainFactory.GetGrain<IDepartmentGrain>(North).GetAsync(Operator)).Counters.Breached);
        Assert.Single(_sink.For(caseId), e => e.Type == CaseEventType.DeadlineBreached);
    }

    [Fact]
    public async Task Reminder_WhileSuspended_DoesNotBreach()
    {
        var caseId = NewId("case");
        var submitted = await SubmitAsync(_cluster.GrainFactory, caseId, NewId("c"));
        var grain = _cluster.GrainFactory.GetGrain<ICaseGrain>(caseId);
        await grain.SuspendAsync("Waiting", null, Caseworker(North));

        _time.Advance(submitted.DueAt - _time.GetUtcNow() + TimeSpan.FromHours(2));
        var resumed = await grain.ResumeAsync(null, Caseworker(North));

        Assert.False(resumed.DeadlineBreached);
        Assert.True(resumed.DueAt > _time.GetUtcNow());
    }
}
