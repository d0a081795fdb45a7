using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Citizens;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Departments;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Cases;

[Collection(ClusterCollection.Name)]
public sealed class CaseSubmissionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Submit_InvalidData_ReportsEveryFailingFieldWithPathsWithoutEchoingValues()
    {
        var data = new Dictionary<string, string>
        {
            ["district"] = "east-secret",
            ["plate"] = "lower-case-plate-secret",
            ["persons"] = "eleven-secret",
            ["startDate"] = "2025-12-01",
            ["email"] = "not-an-email-secret",
            ["nickname"] = "unknown-secret",
        }.ToImmutableDictionary();

        var ex = await Assert.ThrowsAsync<RuleViolationException>(() =>
            fixture.Grains.GetGrain<ICaseGrain>(NewId("case")).SubmitAsync(new SubmitCase(CaseType, data), Citizen(NewId("c"))));

        Assert.Equal(
            ["data.agree", "data.district", "data.email", "data.nickname", "data.persons", "data.plate", "data.startDate"],
            ex.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(ex.Errors, e => e.Message.Contains("secret", StringComparison.Ordinal));
        Assert.Equal("Is required.", ex.Errors.Single(e => e.Path == "data.agree").Message);
    }

    [Theory]
    [InlineData("persons", "0", "Must be at least 1.")]
    [InlineData("persons", "1,5", "Must be a number (digits, optional sign and decimal point).")]
    [InlineData("startDate", "2026-04-02", "Must be on or before 2026-04-01.")]
    [InlineData("startDate", "01-02-2026", "Must be a date as yyyy-MM-dd.")]
    [InlineData("agree", "yes", "Must be true or false.")]
    [InlineData("plate", "ABCDEFGHIJK", "Must be at most 10 characters.")]
    public async Task Submit_OutOfRangeValue_ReportsTheRule(string field, string value, string message)
    {
        var data = ValidData().SetItem(field, value);

        var ex = await Assert.ThrowsAsync<RuleViolationException>(() =>
            fixture.Grains.GetGrain<ICaseGrain>(NewId("case")).SubmitAsync(new SubmitCase(CaseType, data), Citizen(NewId("c"))));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(new FieldError($"data.{field}", message), error);
    }

    [Fact]
    public async Task Submit_ValidData_StartsWorkflowDeadlineHistoryAndFeedsConsumers()
    {
        var caseId = NewId("case");
        var citizen = NewId("c");

        var view = await SubmitAsync(fixture.Grains, caseId, citizen);

        Assert.Equal("received", view.Status);
        Assert.Equal("Received", view.CitizenStatusTitle);
        Assert.Equal(North, view.Department);
        Assert.Equal(citizen, view.CitizenId);
        Assert.Equal(1, view.Version);
        Assert.Equal(view.SubmittedAt.AddDays(LeadTimeDays), view.DueAt);
        var history = await fixture.Grains.GetGrain<ICaseGrain>(caseId).GetHistoryAsync(Citizen(citizen));
        Assert.Equal("submitted", Assert.Single(history).Action);
        Assert.Equal(caseId, Assert.Single(await fixture.Grains.GetGrain<ICitizenGrain>(citizen).GetCaseIdsAsync(Citizen(citizen))));
        Assert.Single(await fixture.Grains.GetGrain<ICitizenGrain>(citizen).GetInboxAsync(Citizen(citizen)));
        Assert.Contains(await fixture.Grains.GetGrain<IDepartmentGrain>(North).GetQueueAsync(Caseworker(North)), q => q.CaseId == caseId);
        Assert.Equal(CaseEventType.CaseSubmitted, Assert.Single(fixture.Sink.For(caseId)).Type);
    }

    [Theory]
    [InlineData(South, South)]
    [InlineData(North, North)]
    public async Task Submit_District_RoutesByRuleIgnoringCase(string district, string expected)
    {
        // The seeded rule is district = "SOUTH"; the form's choice value is "south".
        var view = await fixture.Grains.GetGrain<ICaseGrain>(NewId("case"))
            .SubmitAsync(new SubmitCase(CaseType, ValidData(district)), Citizen(NewId("c")));

        Assert.Equal(expected, view.Department);
    }

    [Fact]
    public async Task Submit_RepeatWithSameFingerprint_ReturnsTheCase()
    {
        var caseId = NewId("case");
        var citizen = Citizen(NewId("c"));
        var grain = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        var first = await grain.SubmitAsync(new SubmitCase(CaseType, ValidData(), "fp-1"), citizen);

        var again = await grain.SubmitAsync(new SubmitCase(CaseType, ValidData(), "fp-1"), citizen);

        Assert.Equal(first.Version, again.Version);
        Assert.Single(fixture.Sink.For(caseId));
    }

    [Fact]
    public async Task Submit_RepeatWithOtherFingerprint_ThrowsConflict()
    {
        var grain = fixture.Grains.GetGrain<ICaseGrain>(NewId("case"));
        var citizen = Citizen(NewId("c"));
        await grain.SubmitAsync(new SubmitCase(CaseType, ValidData(), "fp-1"), citizen);

        await Assert.ThrowsAsync<ConflictException>(() => grain.SubmitAsync(new SubmitCase(CaseType, ValidData(), "fp-2"), citizen));
        await Assert.ThrowsAsync<ConflictException>(() => grain.SubmitAsync(new SubmitCase(CaseType, ValidData()), citizen));
    }

    [Fact]
    public async Task Submit_ExistingCaseByAnotherCitizen_ThrowsNotFound()
    {
        var caseId = NewId("case");
        await SubmitAsync(fixture.Grains, caseId, NewId("c"));

        await Assert.ThrowsAsync<NotFoundException>(() =>
            fixture.Grains.GetGrain<ICaseGrain>(caseId).SubmitAsync(new SubmitCase(CaseType, ValidData()), Citizen(NewId("other"))));
    }

    [Fact]
    public async Task Submit_ByCaseworker_ThrowsForbidden()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            fixture.Grains.GetGrain<ICaseGrain>(NewId("case")).SubmitAsync(new SubmitCase(CaseType, ValidData()), Caseworker(North)));
    }

    [Fact]
    public async Task Submit_UnknownCaseType_ThrowsRuleViolationOnCaseTypeCode()
    {
        var ex = await Assert.ThrowsAsync<RuleViolationException>(() =>
            fixture.Grains.GetGrain<ICaseGrain>(NewId("case")).SubmitAsync(new SubmitCase("no-such-type", ValidData()), Citizen(NewId("c"))));

        Assert.Equal("caseTypeCode", Assert.Single(ex.Errors).Path);
    }
}
