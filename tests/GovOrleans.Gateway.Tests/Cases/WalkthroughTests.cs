using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Cases;

/// <summary>The README's walk-through over HTTP on PostgreSQL: token → submit → caseworker transitions → citizen sees history.</summary>
public sealed class WalkthroughTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    [Fact]
    public async Task Walkthrough_CitizenSubmitsCaseworkerDecides_CitizenSeesHistory()
    {
        // Token for the citizen through the development issuer.
        using var anonymous = Gateway.Anonymous();
        using var tokenResponse = await anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(
            [new("grant_type", "password"), new("username", "anna"), new("password", "demo")]));
        var token = await Problems.ReadAsync<JsonElement>(tokenResponse, HttpStatusCode.OK);
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        using var anna = Gateway.WithToken(token.GetProperty("access_token").GetString()!);

        // The citizen finds the case type and submits.
        var types = await anna.GetFromJsonAsync<JsonElement>("/api/v1/case-types");
        Assert.Contains(types.EnumerateArray(), t => t.GetProperty("code").GetString() == "parking-permit");
        using var submitted = await CaseRequests.SubmitAsync(anna, CaseRequests.ParkingPermit());
        var created = await Problems.ReadAsync<CaseView>(submitted, HttpStatusCode.Created);
        Assert.Equal($"/api/v1/cases/{created.Id}", submitted.Headers.Location?.OriginalString);
        Assert.Equal("permits", created.Department);
        Assert.Equal("intake", created.Status);
        Assert.Equal("6", created.Data["months"]);
        Assert.Equal($"W/\"{created.Version}\"", submitted.Headers.ETag?.ToString());

        // The caseworker of the department sees it in the queue and moves it through the workflow.
        using var carla = await Gateway.AsUserAsync("carla");
        var queue = await carla.GetFromJsonAsync<JsonElement>("/api/v1/departments/permits/queue");
        Assert.Contains(queue.EnumerateArray(), q => q.GetProperty("caseId").GetString() == created.Id);
        using var review = await CaseRequests.TransitionAsync(carla, created.Id, new { name = "start-review" }, $"W/\"{created.Version}\"");
        var reviewing = await Problems.ReadAsync<CaseView>(review, HttpStatusCode.OK);
        using var decide = await CaseRequests.TransitionAsync(carla, created.Id, new { name = "decide", reason = "All in order", fields = new { decision = "granted" } }, $"\"{reviewing.Version}\"");
        var decided = await Problems.ReadAsync<CaseView>(decide, HttpStatusCode.OK);
        Assert.Equal("decided", decided.Status);
        Assert.NotNull(decided.ClosedAt);

        // The citizen reads the case and its history.
        var mine = await anna.GetFromJsonAsync<CaseView>($"/api/v1/cases/{created.Id}", GatewayFactory.Json);
        Assert.Equal("Decision made", mine!.CitizenStatusTitle);
        var history = (await anna.GetFromJsonAsync<List<CaseHistoryEntry>>($"/api/v1/cases/{created.Id}/history", GatewayFactory.Json))!;
        Assert.Equal(["intake", "in-review", "decided"], history.Select(h => h.ToStatus));
        Assert.Equal(["anna", "carla", "carla"], history.Select(h => h.Actor));
    }
}
