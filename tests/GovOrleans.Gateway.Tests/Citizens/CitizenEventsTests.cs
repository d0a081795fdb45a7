using System.Net;
using System.Net.Http.Json;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Citizens;

/// <summary><c>GET /api/v1/citizens/me/events</c>: server-sent events of the citizen's own case updates only.</summary>
public sealed class CitizenEventsTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    [Fact]
    public async Task Events_OwnCaseSubmittedAndTransitioned_DeliveredOnlyToOwner()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var ben = await Gateway.AsUserAsync("ben");
        using var carla = await Gateway.AsUserAsync("carla");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await using var annaStream = await SseReader.OpenAsync(anna, timeout.Token);
        await using var benStream = await SseReader.OpenAsync(ben, timeout.Token);
        Assert.Equal("text/event-stream", annaStream.ContentType);

        using var submitted = await anna.PostAsJsonAsync("/api/v1/cases", Cases.CaseRequests.ParkingPermit());
        var created = await Problems.ReadAsync<CaseView>(submitted, HttpStatusCode.Created);
        var first = await annaStream.NextEventAsync(timeout.Token);
        Assert.Equal("case-update", first.Event);
        Assert.Equal(created.Id, first.Data.GetProperty("caseId").GetString());
        Assert.Equal("CaseSubmitted", first.Data.GetProperty("type").GetString());
        Assert.False(first.Data.TryGetProperty("assignedTo", out _));

        using var review = await carla.PostAsJsonAsync($"/api/v1/cases/{created.Id}/transitions", new { name = "start-review" });
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        var next = await annaStream.NextEventAsync(timeout.Token);
        Assert.Equal(created.Id, next.Data.GetProperty("caseId").GetString());
        Assert.Equal("StatusChanged", next.Data.GetProperty("type").GetString());

        // Ben's stream stays quiet apart from heartbeats (one per second in the tests).
        var heartbeats = await benStream.CountHeartbeatsUntilAsync(2, timeout.Token);
        Assert.Equal(2, heartbeats);
    }

    [Fact]
    public async Task Events_ClientDisconnects_SubscriptionRemoved()
    {
        var hub = (GovOrleans.Gateway.Citizens.CitizenEventHub)Gateway.Services.GetService(typeof(GovOrleans.Gateway.Citizens.CitizenEventHub))!;
        using var anna = await Gateway.AsUserAsync("anna");
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await using var stream = await SseReader.OpenAsync(anna, timeout.Token);
            Assert.Equal(1, hub.Count);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (hub.Count != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, hub.Count);
    }
}
