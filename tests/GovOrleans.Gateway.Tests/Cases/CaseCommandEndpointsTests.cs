using System.Net;
using System.Net.Http.Json;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Cases;

/// <summary>Suspend, resume and extend honour If-Match like transitions and assignment do.</summary>
public sealed class CaseCommandEndpointsTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    [Fact]
    public async Task SuspendResumeExtend_StaleIfMatch_Returns412_CurrentIfMatch_Applies()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var carla = await Gateway.AsUserAsync("carla");
        using var submitted = await CaseRequests.SubmitAsync(anna, CaseRequests.ParkingPermit());
        var created = await Problems.ReadAsync<CaseView>(submitted, HttpStatusCode.Created);

        using var staleSuspend = await PostAsync(carla, $"/api/v1/cases/{created.Id}/suspend", new { reason = "On hold" }, "W/\"99\"");
        var problem = await Problems.AssertProblemAsync(staleSuspend, HttpStatusCode.PreconditionFailed);
        Assert.Equal(created.Version, problem.GetProperty("currentVersion").GetInt32());
        using var suspend = await PostAsync(carla, $"/api/v1/cases/{created.Id}/suspend", new { reason = "On hold" }, $"W/\"{created.Version}\"");
        var suspended = await Problems.ReadAsync<CaseView>(suspend, HttpStatusCode.OK);
        Assert.Equal($"W/\"{suspended.Version}\"", suspend.Headers.ETag?.ToString());

        using var staleResume = await PostAsync(carla, $"/api/v1/cases/{created.Id}/resume", null, $"W/\"{created.Version}\"");
        await Problems.AssertProblemAsync(staleResume, HttpStatusCode.PreconditionFailed);
        using var resume = await PostAsync(carla, $"/api/v1/cases/{created.Id}/resume", null, $"\"{suspended.Version}\"");
        var resumed = await Problems.ReadAsync<CaseView>(resume, HttpStatusCode.OK);

        using var staleExtend = await PostAsync(carla, $"/api/v1/cases/{created.Id}/extend", new { days = 3, reason = "More time" }, $"W/\"{suspended.Version}\"");
        await Problems.AssertProblemAsync(staleExtend, HttpStatusCode.PreconditionFailed);
        using var extend = await PostAsync(carla, $"/api/v1/cases/{created.Id}/extend", new { days = 3, reason = "More time" }, $"W/\"{resumed.Version}\"");
        var extended = await Problems.ReadAsync<CaseView>(extend, HttpStatusCode.OK);
        Assert.Equal(resumed.DueAt.AddDays(3), extended.DueAt);
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("resume")]
    [InlineData("extend")]
    public async Task Command_MalformedIfMatch_Returns400OnIfMatch(string command)
    {
        using var carla = await Gateway.AsUserAsync("carla");
        using var response = await PostAsync(carla, $"/api/v1/cases/C-00000000000000000000/{command}", new { days = 1, reason = "x" }, "not-an-etag");
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("If-Match", out _), problem.ToString());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
