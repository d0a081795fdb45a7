using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Cases;

/// <summary>Conventions of the case routes: validation, conditional requests, idempotency, bad input.</summary>
public sealed class CaseEndpointsTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    [Fact]
    public async Task Submit_InvalidFields_Returns422WithEveryFieldPath()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        var body = new { caseTypeCode = "parking-permit", data = new Dictionary<string, object> { ["licencePlate"] = "not a plate", ["zone"] = "Z", ["months"] = 40 } };
        using var response = await CaseRequests.SubmitAsync(anna, body);
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors");
        foreach (var path in new[] { "data.licencePlate", "data.zone", "data.months", "data.startDate" })
        {
            Assert.True(errors.TryGetProperty(path, out _), $"missing {path} in {errors}");
        }

        Assert.DoesNotContain("not a plate", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_NestedObjectInData_Returns400WithFieldPath()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var response = await CaseRequests.SubmitAsync(anna, new { caseTypeCode = "parking-permit", data = new { zone = new { nested = 1 } } });
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("data.zone", out _));
    }

    [Fact]
    public async Task Submit_UnknownCaseType_Returns422OnCaseTypeCode()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var response = await CaseRequests.SubmitAsync(anna, new { caseTypeCode = "no-such-type", data = new { } });
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("caseTypeCode", out _));
    }

    [Fact]
    public async Task Submit_MalformedJson_Returns400Problem()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var response = await anna.PostAsync("/api/v1/cases", new StringContent("{\"caseTypeCode\": \"parking-permit\", ", Encoding.UTF8, "application/json"));
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Submit_WrongMediaType_Returns415Problem()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var response = await anna.PostAsync("/api/v1/cases", new StringContent("caseTypeCode=parking-permit", Encoding.UTF8, "text/plain"));
        await Problems.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Submit_SameIdempotencyKeyTwice_Returns201ThenSameCaseWith200()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        var key = Guid.NewGuid().ToString();
        using var first = await CaseRequests.SubmitAsync(anna, CaseRequests.ParkingPermit(), key);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var retry = await CaseRequests.SubmitAsync(anna, CaseRequests.ParkingPermit(), key);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());

        using var different = await CaseRequests.SubmitAsync(anna, CaseRequests.ParkingPermit(months: 3), key);
        await Problems.AssertProblemAsync(different, HttpStatusCode.Conflict);

        // The same key from another citizen is another case.
        using var ben = await Gateway.AsUserAsync("ben");
        using var other = await CaseRequests.SubmitAsync(ben, CaseRequests.ParkingPermit(), key);
        var otherCase = await Problems.ReadAsync<CaseView>(other, HttpStatusCode.Created);
        Assert.NotEqual(JsonDocument.Parse(firstBody).RootElement.GetProperty("id").GetString(), otherCase.Id);
    }

    [Fact]
    public async Task Submit_WithoutIdempotencyKey_CreatesANewCaseEachTime()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var first = await CaseRequests.SubmitAsync(anna, CaseRequests.ParkingPermit());
        using var second = await CaseRequests.SubmitAsync(anna, CaseRequests.ParkingPermit());
        var a = await Problems.ReadAsync<CaseView>(first, HttpStatusCode.Created);
        var b = await Problems.ReadAsync<CaseView>(second, HttpStatusCode.Created);
        Assert.NotEqual(a.Id, b.Id);
        Assert.Matches("^C-[0-9A-F]{20}$", a.Id);
    }

    [Fact]
    public async Task Get_IfNoneMatchCurrentVersion_Returns304()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        var created = await SubmitAsync(anna);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases/{created.Id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", $"W/\"{created.Version}\"");
        using var response = await anna.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal($"W/\"{created.Version}\"", response.Headers.ETag?.ToString());

        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases/{created.Id}");
        stale.Headers.TryAddWithoutValidation("If-None-Match", "W/\"999\"");
        using var full = await anna.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
    }

    [Fact]
    public async Task Transition_StaleIfMatch_Returns412()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var carla = await Gateway.AsUserAsync("carla");
        var created = await SubmitAsync(anna);
        using var first = await CaseRequests.TransitionAsync(carla, created.Id, new { name = "start-review" }, $"W/\"{created.Version}\"");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var stale = await CaseRequests.TransitionAsync(carla, created.Id, new { name = "decide", fields = new { decision = "granted" } }, $"W/\"{created.Version}\"");
        await Problems.AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Transition_MissingRequiredField_Returns422WithFieldPath()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var carla = await Gateway.AsUserAsync("carla");
        var created = await SubmitAsync(anna);
        using var review = await CaseRequests.TransitionAsync(carla, created.Id, new { name = "start-review" });
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        using var decide = await CaseRequests.TransitionAsync(carla, created.Id, new { name = "decide" });
        var problem = await Problems.AssertProblemAsync(decide, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("fields.decision", out _));
    }

    [Fact]
    public async Task Transition_MalformedIfMatch_Returns400()
    {
        using var carla = await Gateway.AsUserAsync("carla");
        using var response = await CaseRequests.TransitionAsync(carla, "C-00000000000000000000", new { name = "start-review" }, "not-an-etag");
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/v1/cases/not-a-case")]
    [InlineData("/api/v1/cases/C-123")]
    [InlineData("/api/v1/cases/c-0000000000000000000a")]
    [InlineData("/api/v1/cases/C-00000000000000000000%27%3B--/history")]
    public async Task Get_MalformedId_Returns400(string path)
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var response = await anna.GetAsync(path);
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_WellFormedUnknownId_Returns404()
    {
        using var carla = await Gateway.AsUserAsync("olga");
        using var response = await carla.GetAsync("/api/v1/cases/C-0123456789ABCDEF0123");
        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Assign_CaseworkerOfDepartment_AssignsWithIfMatch()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var dirk = await Gateway.AsUserAsync("dirk");
        var created = await SubmitAsync(anna);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{created.Id}/assignment") { Content = JsonContent.Create(new { assignee = "carla" }) };
        request.Headers.TryAddWithoutValidation("If-Match", $"W/\"{created.Version}\"");
        using var response = await dirk.SendAsync(request);
        var assigned = await Problems.ReadAsync<CaseView>(response, HttpStatusCode.OK);
        Assert.Equal("carla", assigned.AssignedTo);

        using var staleRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{created.Id}/assignment") { Content = JsonContent.Create(new { assignee = "dirk" }) };
        staleRequest.Headers.TryAddWithoutValidation("If-Match", $"W/\"{created.Version}\"");
        using var stale = await dirk.SendAsync(staleRequest);
        await Problems.AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task SuspendResumeExtend_Caseworker_MoveTheDeadline()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var carla = await Gateway.AsUserAsync("carla");
        var created = await SubmitAsync(anna);
        using var extend = await carla.PostAsJsonAsync($"/api/v1/cases/{created.Id}/extend", new { days = 10, reason = "Waiting for documents" });
        var extended = await Problems.ReadAsync<CaseView>(extend, HttpStatusCode.OK);
        Assert.Equal(created.DueAt.AddDays(10), extended.DueAt);
        using var badExtend = await carla.PostAsJsonAsync($"/api/v1/cases/{created.Id}/extend", new { days = 0, reason = "x" });
        await Problems.AssertProblemAsync(badExtend, HttpStatusCode.UnprocessableEntity);
        using var suspend = await carla.PostAsJsonAsync($"/api/v1/cases/{created.Id}/suspend", new { reason = "On hold" });
        Assert.True((await Problems.ReadAsync<CaseView>(suspend, HttpStatusCode.OK)).Suspended);
        using var resume = await carla.PostAsync($"/api/v1/cases/{created.Id}/resume", null);
        Assert.False((await Problems.ReadAsync<CaseView>(resume, HttpStatusCode.OK)).Suspended);
        using var noReason = await carla.PostAsJsonAsync($"/api/v1/cases/{created.Id}/suspend", new { reason = "" });
        await Problems.AssertProblemAsync(noReason, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_FiltersPagingAndFieldSelection()
    {
        using var ben = await Gateway.AsUserAsync("ben");
        for (var i = 0; i < 3; i++)
        {
            await SubmitAsync(ben);
        }

        var page = await Problems.ReadAsync<JsonElement>(await ben.GetAsync("/api/v1/cases?pageSize=2&ordering=submittedAt&fields=id,status"), HttpStatusCode.OK);
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("total").GetInt64() >= 3);
        var item = page.GetProperty("items")[0];
        Assert.Equal(["id", "status"], item.EnumerateObject().Select(p => p.Name));

        using var olga = await Gateway.AsUserAsync("olga");
        var filtered = await Problems.ReadAsync<CasePage>(await olga.GetAsync("/api/v1/cases?caseType=parking-permit&department=permits&status=intake&closed=false"), HttpStatusCode.OK);
        Assert.All(filtered.Items, s => Assert.Equal("intake", s.Status));
        Assert.NotEmpty(filtered.Items);
    }

    [Theory]
    [InlineData("pageSize=101")]
    [InlineData("pageSize=0")]
    [InlineData("page=abc")]
    [InlineData("ordering=citizenName")]
    [InlineData("fields=id,secret")]
    [InlineData("breached=maybe")]
    [InlineData("submittedFrom=yesterday")]
    [InlineData("department=Not%20A%20Code")]
    public async Task List_BadQuery_Returns400WithParameterName(string query)
    {
        using var olga = await Gateway.AsUserAsync("olga");
        using var response = await olga.GetAsync("/api/v1/cases?" + query);
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(query[..query.IndexOf('=')], out _));
    }

    private static async Task<CaseView> SubmitAsync(HttpClient citizen)
    {
        using var response = await CaseRequests.SubmitAsync(citizen, CaseRequests.ParkingPermit());
        return await Problems.ReadAsync<CaseView>(response, HttpStatusCode.Created);
    }
}
