using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Citizens;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Departments;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Cases;

[Collection(ClusterCollection.Name)]
public sealed class CaseTransitionTests(ClusterFixture fixture)
{
    private static readonly ImmutableDictionary<string, string> s_decision = new Dictionary<string, string>
    {
        ["decision"] = "granted",
        ["motivation"] = "Meets the rules.",
    }.ToImmutableDictionary();

    [Fact]
    public async Task Transition_RoleNotAllowed_ThrowsForbidden()
    {
        var caseId = NewId("case");
        var citizen = NewId("c");
        await SubmitAsync(fixture.Grains, caseId, citizen);

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            fixture.Grains.GetGrain<ICaseGrain>(caseId).TransitionAsync(new CaseTransition("start-review", null, []), Citizen(citizen)));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            fixture.Grains.GetGrain<ICaseGrain>(caseId).TransitionAsync(new CaseTransition("start-review", null, []), Operator));
    }

    [Fact]
    public async Task Transition_MissingRequiredFields_ReportsEachFieldPath()
    {
        var grain = await InReviewAsync();

        var ex = await Assert.ThrowsAsync<RuleViolationException>(() =>
            grain.TransitionAsync(new CaseTransition("decide", null, ImmutableDictionary<string, string>.Empty.Add("decision", " ")), Caseworker(North)));

        Assert.Equal(["fields.decision", "fields.motivation"], ex.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Transition_StaleExpectedVersion_ThrowsPreconditionFailure()
    {
        var grain = await InReviewAsync();

        var ex = await Assert.ThrowsAsync<ConflictException>(() =>
            grain.TransitionAsync(new CaseTransition("decide", null, s_decision, ExpectedVersion: 1), Caseworker(North)));

        Assert.True(ex.IsPreconditionFailure);
        Assert.Equal(2, ex.CurrentVersion);
    }

    [Fact]
    public async Task Transition_NotAvailableInStatus_ThrowsConflict_AndUnknownName_RuleViolation()
    {
        var caseId = NewId("case");
        await SubmitAsync(fixture.Grains, caseId, NewId("c"));
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);

        await Assert.ThrowsAsync<ConflictException>(() => grain.TransitionAsync(new CaseTransition("decide", null, s_decision), Caseworker(North)));
        var ex = await Assert.ThrowsAsync<RuleViolationException>(() => grain.TransitionAsync(new CaseTransition("nope", null, []), Caseworker(North)));
        Assert.Equal("name", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public async Task Transition_ToFinalState_ClosesCaseRecordsHistoryAndLeavesQueue()
    {
        var grain = await InReviewAsync();
        var caseId = (await grain.GetAsync(Operator)).Id;

        var closed = await grain.TransitionAsync(new CaseTransition("decide", "All good", s_decision, ExpectedVersion: 2), Caseworker(North));

        Assert.Equal("decided", closed.Status);
        Assert.NotNull(closed.ClosedAt);
        Assert.Equal(3, closed.Version);
        Assert.Equal("granted", closed.Decisions["decision"]);
        var history = await grain.GetHistoryAsync(Operator);
        Assert.Equal(["submitted", "start-review", "decide"], history.Select(h => h.Action));
        Assert.Equal([1, 2, 3], history.Select(h => h.Sequence));
        Assert.Equal(("in-review", "decided", "All good"), (history[2].FromStatus, history[2].ToStatus, history[2].Reason));
        Assert.DoesNotContain(await fixture.Grains.GetGrain<IDepartmentGrain>(North).GetQueueAsync(Operator), q => q.CaseId == caseId);
        Assert.Equal(
            [CaseEventType.CaseSubmitted, CaseEventType.StatusChanged, CaseEventType.StatusChanged, CaseEventType.Closed],
            fixture.Sink.For(caseId).Select(e => e.Type));
        await Assert.ThrowsAsync<ConflictException>(() => grain.ExtendAsync(5, "late", null, Caseworker(North)));
    }

    [Fact]
    public async Task Transition_CitizenWithdraws_ClosesOwnCase()
    {
        var caseId = NewId("case");
        var citizen = NewId("c");
        await SubmitAsync(fixture.Grains, caseId, citizen);

        var view = await fixture.Grains.GetGrain<ICaseGrain>(caseId).TransitionAsync(new CaseTransition("withdraw", null, []), Citizen(citizen));

        Assert.Equal("withdrawn", view.Status);
        var inbox = await fixture.Grains.GetGrain<ICitizenGrain>(citizen).GetInboxAsync(Citizen(citizen));
        Assert.Equal("Your case has been closed.", inbox[0].Message);
    }

    [Fact]
    public async Task Assign_CaseworkerOfDepartment_AssignsAndUpdatesQueue()
    {
        var caseId = NewId("case");
        await SubmitAsync(fixture.Grains, caseId, NewId("c"));
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);

        var view = await grain.AssignAsync("cw-north", 1, Admin(North));

        Assert.Equal("cw-north", view.AssignedTo);
        Assert.Equal(2, view.Version);
        var item = Assert.Single(await fixture.Grains.GetGrain<IDepartmentGrain>(North).GetQueueAsync(Caseworker(North)), q => q.CaseId == caseId);
        Assert.Equal("cw-north", item.AssignedTo);
    }

    [Theory]
    [InlineData("admin-north")]
    [InlineData("cw-south")]
    [InlineData("nobody")]
    public async Task Assign_NotACaseworkerOfDepartment_ThrowsRuleViolation(string assignee)
    {
        var caseId = NewId("case");
        await SubmitAsync(fixture.Grains, caseId, NewId("c"));

        var ex = await Assert.ThrowsAsync<RuleViolationException>(() =>
            fixture.Grains.GetGrain<ICaseGrain>(caseId).AssignAsync(assignee, null, Admin(North)));

        Assert.Equal("assignee", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public async Task AddDocument_InvalidMetadata_ReportsEveryField()
    {
        var caseId = NewId("case");
        var citizen = NewId("c");
        await SubmitAsync(fixture.Grains, caseId, citizen);
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);

        var ex = await Assert.ThrowsAsync<RuleViolationException>(() => grain.AddDocumentAsync(
            new DocumentMetadata("bad id", "../etc/passwd", "pdf", 0, "xyz", DateTimeOffset.MinValue, "me"), Citizen(citizen)));
        var added = await grain.AddDocumentAsync(
            new DocumentMetadata("doc-1", "proof.pdf", "application/pdf", 1024, new string('A', 64), DateTimeOffset.MinValue, "spoofed"), Citizen(citizen));

        Assert.Equal(["contentType", "fileName", "id", "sha256", "sizeBytes"], ex.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        var document = Assert.Single(added.Documents);
        Assert.Equal((citizen, new string('a', 64)), (document.AddedBy, document.Sha256));
        await Assert.ThrowsAsync<ConflictException>(() => grain.AddDocumentAsync(document, Citizen(citizen)));
    }

    [Fact]
    public async Task SuspendResumeExtend_StaleExpectedVersion_ThrowsPreconditionFailure()
    {
        var caseId = NewId("case");
        await SubmitAsync(fixture.Grains, caseId, NewId("c"));
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);

        var staleSuspend = await Assert.ThrowsAsync<ConflictException>(() => grain.SuspendAsync("Waiting", 7, Caseworker(North)));
        var suspended = await grain.SuspendAsync("Waiting", 1, Caseworker(North));
        var staleResume = await Assert.ThrowsAsync<ConflictException>(() => grain.ResumeAsync(1, Caseworker(North)));
        var resumed = await grain.ResumeAsync(suspended.Version, Caseworker(North));
        var staleExtend = await Assert.ThrowsAsync<ConflictException>(() => grain.ExtendAsync(5, "More time", suspended.Version, Caseworker(North)));
        var extended = await grain.ExtendAsync(5, "More time", resumed.Version, Caseworker(North));

        Assert.All([staleSuspend, staleResume, staleExtend], ex => Assert.True(ex.IsPreconditionFailure));
        Assert.Equal([1, 2, 3], [staleSuspend.CurrentVersion, staleResume.CurrentVersion, staleExtend.CurrentVersion]);
        Assert.Equal([2, 3, 4], [suspended.Version, resumed.Version, extended.Version]);
    }

    private async Task<ICaseGrain> InReviewAsync()
    {
        var caseId = NewId("case");
        await SubmitAsync(fixture.Grains, caseId, NewId("c"));
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        await grain.TransitionAsync(new CaseTransition("start-review", null, [], ExpectedVersion: 1), Caseworker(North));
        return grain;
    }
}
