using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using GovOrleans.Gateway.Audit;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Gateway.Tests.Cases;

/// <summary>Hostile input on the case routes: text that is not Unicode, repeated idempotency keys; and the audited resource of a submission.</summary>
public sealed class CaseInputTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    private const string InvalidUnicode = "Must be valid Unicode text.";

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udc00")]
    [InlineData("A\\ud800B")]
    [InlineData("\\udc00\\ud800")]
    public async Task Submit_LoneSurrogateInData_Returns400WithFieldPath(string escaped)
    {
        using var anna = await Gateway.AsUserAsync("anna");
        var json = "{\"caseTypeCode\":\"parking-permit\",\"data\":{\"zone\":\"" + escaped + "\",\"months\":6}}";
        using var response = await anna.PostAsync("/api/v1/cases", Json(Encoding.UTF8.GetBytes(json)));
        await AssertInvalidUnicodeAsync(response, "data.zone", escaped);
    }

    [Fact]
    public async Task Submit_InvalidUtf8BytesInData_Returns400WithFieldPath()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        byte[] json = [.. "{\"caseTypeCode\":\"parking-permit\",\"data\":{\"zone\":\"A"u8, 0xFF, 0xC3, 0x28, .. "\"}}"u8];
        using var response = await anna.PostAsync("/api/v1/cases", Json(json));
        await AssertInvalidUnicodeAsync(response, "data.zone", "\uFFFD");
    }

    [Theory]
    [InlineData("{\"caseTypeCode\":\"\\ud800\",\"data\":{}}")]
    [InlineData("{\"caseTypeCode\":\"parking-permit\",\"data\":{\"\\ud800\":\"A\"}}")]
    public async Task Submit_LoneSurrogateInCodeOrName_Returns400Problem(string json)
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var response = await anna.PostAsync("/api/v1/cases", Json(Encoding.UTF8.GetBytes(json)));
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.DoesNotContain("ud800", problem.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Transition_LoneSurrogateInFields_Returns400WithFieldPath()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var carla = await Gateway.AsUserAsync("carla");
        using var submitted = await CaseRequests.SubmitAsync(anna, CaseRequests.ParkingPermit());
        var created = await Problems.ReadAsync<CaseView>(submitted, HttpStatusCode.Created);

        var json = "{\"name\":\"decide\",\"fields\":{\"decision\":\"\\udc00\"}}";
        using var response = await carla.PostAsync($"/api/v1/cases/{created.Id}/transitions", Json(Encoding.UTF8.GetBytes(json)));
        await AssertInvalidUnicodeAsync(response, "fields.decision", "\\udc00");
    }

    [Fact]
    public async Task Submit_TwoIdempotencyKeyHeaders_Returns400()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = JsonContent.Create(CaseRequests.ParkingPermit()) };
        request.Headers.Add("Idempotency-Key", ["key-a", "key-b"]);
        using var response = await anna.SendAsync(request);
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Submit_CommaJoinedIdempotencyKeys_Returns400()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = JsonContent.Create(CaseRequests.ParkingPermit()) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "key-a,key-b");
        using var response = await anna.SendAsync(request);
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Submit_Created_AuditRecordNamesTheNewCase()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var submitted = await CaseRequests.SubmitAsync(anna, CaseRequests.ParkingPermit());
        var created = await Problems.ReadAsync<CaseView>(submitted, HttpStatusCode.Created);

        await Gateway.Services.GetRequiredService<AuditTrail>().FlushAsync();
        await using var store = new PostgresAuditStore(ConnectionString);
        var records = await store.ReadAllAsync(CancellationToken.None).ToListAsync();
        var record = Assert.Single(records, r => r.Action == "POST /api/v1/cases/" && r.Outcome == 201);
        Assert.Equal(created.Id, record.Resource);
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static async Task AssertInvalidUnicodeAsync(HttpResponseMessage response, string path, string escaped)
    {
        Assert.True((int)response.StatusCode is 400 or 422, $"got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var problem = await Problems.AssertProblemAsync(response, response.StatusCode);
        var messages = problem.GetProperty("errors").GetProperty(path);
        Assert.Equal(InvalidUnicode, messages[0].GetString());
        var text = problem.ToString();
        Assert.DoesNotContain(escaped, text, StringComparison.OrdinalIgnoreCase);
    }
}
