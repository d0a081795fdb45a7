using System.Net;
using System.Net.Http.Json;
using GovOrleans.Gateway.Tests.Cases;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Citizens;

/// <summary>A reconnecting event stream gets what it missed (Last-Event-ID), or a reset when that cannot be replayed.</summary>
public sealed class CitizenEventReplayTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Events_ReconnectWithLastEventId_ReplaysMissedInOrderThenLive()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var carla = await Gateway.AsUserAsync("carla");
        using var timeout = new CancellationTokenSource(s_patience);
        var (caseId, lastSeen) = await SubmitWhileListeningAsync(anna, timeout.Token);

        // Both happen while Anna's stream is closed.
        await PostOkAsync(carla, $"/api/v1/cases/{caseId}/transitions", new { name = "start-review" });
        await PostOkAsync(carla, $"/api/v1/cases/{caseId}/suspend", new { reason = "Waiting for documents" });

        await using var stream = await SseReader.OpenAsync(anna, timeout.Token, lastSeen);
        var first = await stream.NextEventAsync(timeout.Token);
        var second = await stream.NextEventAsync(timeout.Token);
        await PostOkAsync(carla, $"/api/v1/cases/{caseId}/resume", body: null);
        var live = await stream.NextEventAsync(timeout.Token);

        Assert.Equal(
            [("case-update", "StatusChanged"), ("case-update", "Suspended"), ("case-update", "Resumed")],
            new[] { first, second, live }.Select(e => (e.Event, e.Data.GetProperty("type").GetString())));
        Assert.All(new[] { first, second, live }, e => Assert.Equal(caseId, e.Data.GetProperty("caseId").GetString()));
        Assert.Equal(4, new[] { lastSeen, first.Id, second.Id, live.Id }.Distinct().Count());
        var versions = new[] { first, second, live }.Select(e => e.Data.GetProperty("version").GetInt32()).ToList();
        Assert.Equal(versions.Order(), versions);

        // Nothing is sent twice: the stream stays quiet apart from heartbeats (one per second in the tests).
        Assert.Equal(2, await stream.CountHeartbeatsUntilAsync(2, timeout.Token));
    }

    [Theory]
    [InlineData("not-an-event-id", false)]
    [InlineData("0f8fad5bd9cb469fa16570867728950e", false)]
    [InlineData("0f8fad5bd9cb469fa16570867728950e", true)]
    [InlineData("%00%FF'; DROP TABLE", true)]
    public async Task Events_UnknownOrMalformedLastEventId_ResetThenLive(string lastEventId, bool inQuery)
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var timeout = new CancellationTokenSource(s_patience);

        await using var stream = inQuery
            ? await SseReader.OpenAsync(anna, timeout.Token, path: $"{SseReader.EventsPath}?lastEventId={lastEventId}")
            : await SseReader.OpenAsync(anna, timeout.Token, lastEventId);
        var reset = await stream.NextEventAsync(timeout.Token);
        using var submitted = await CaseRequests.SubmitAsync(anna, CaseRequests.ParkingPermit());
        var created = await Problems.ReadAsync<CaseView>(submitted, HttpStatusCode.Created);
        var live = await stream.NextEventAsync(timeout.Token);

        Assert.Equal("reset", reset.Event);
        Assert.Equal("history-incomplete", reset.Data.GetProperty("reason").GetString());
        Assert.Equal("/api/v1/citizens/me/cases", reset.Data.GetProperty("reread").GetString());
        Assert.Equal(("case-update", "CaseSubmitted", created.Id), (live.Event, live.Data.GetProperty("type").GetString(), live.Data.GetProperty("caseId").GetString()));
    }

    [Fact]
    public async Task Events_ReconnectWithIdOfReset_ReplaysFromThere()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var carla = await Gateway.AsUserAsync("carla");
        using var timeout = new CancellationTokenSource(s_patience);
        var (caseId, lastSeen) = await SubmitWhileListeningAsync(anna, timeout.Token);

        string? resetId;
        await using (var stream = await SseReader.OpenAsync(anna, timeout.Token, Guid.NewGuid().ToString("N")))
        {
            var reset = await stream.NextEventAsync(timeout.Token);
            Assert.Equal("reset", reset.Event);
            resetId = reset.Id;
        }

        await PostOkAsync(carla, $"/api/v1/cases/{caseId}/transitions", new { name = "start-review" });
        await using var resumed = await SseReader.OpenAsync(anna, timeout.Token, resetId);
        var replayed = await resumed.NextEventAsync(timeout.Token);

        // The reset names the newest update the citizen has, here the submission just seen.
        Assert.Equal(lastSeen, resetId);
        Assert.Equal(("case-update", "StatusChanged"), (replayed.Event, replayed.Data.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Events_OtherCitizensEventId_ResetWithoutTheirUpdates()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var ben = await Gateway.AsUserAsync("ben");
        using var carla = await Gateway.AsUserAsync("carla");
        using var timeout = new CancellationTokenSource(s_patience);
        var (caseId, annasEventId) = await SubmitWhileListeningAsync(anna, timeout.Token);
        await PostOkAsync(carla, $"/api/v1/cases/{caseId}/transitions", new { name = "start-review" });

        await using var stream = await SseReader.OpenAsync(ben, timeout.Token, annasEventId);
        var reset = await stream.NextEventAsync(timeout.Token);

        Assert.Equal("reset", reset.Event);
        Assert.NotEqual(annasEventId, reset.Id);
        Assert.DoesNotContain(caseId, reset.Data.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(2, await stream.CountHeartbeatsUntilAsync(2, timeout.Token));
    }

    /// <summary>Submits a case for the caller with a stream open, and returns the case id and the event id the stream saw.</summary>
    private static async Task<(string CaseId, string EventId)> SubmitWhileListeningAsync(HttpClient citizen, CancellationToken ct)
    {
        await using var stream = await SseReader.OpenAsync(citizen, ct);
        using var submitted = await CaseRequests.SubmitAsync(citizen, CaseRequests.ParkingPermit());
        var created = await Problems.ReadAsync<CaseView>(submitted, HttpStatusCode.Created);
        var seen = await stream.NextEventAsync(ct);
        Assert.Equal(("CaseSubmitted", created.Id), (seen.Data.GetProperty("type").GetString(), seen.Data.GetProperty("caseId").GetString()));
        Assert.NotNull(seen.Id);
        return (created.Id, seen.Id);
    }

    private static async Task PostOkAsync(HttpClient client, string path, object? body)
    {
        using var response = body is null ? await client.PostAsync(path, content: null) : await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {text}");
    }
}
