using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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

    /// <summary>Reads an event stream line by line.</summary>
    private sealed class SseReader : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private SseReader(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

        public static async Task<SseReader> OpenAsync(HttpClient client, CancellationToken ct)
        {
            var response = await client.GetAsync("/api/v1/citizens/me/events", HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            Assert.Equal(": connected", await reader.ReadLineAsync(ct));
            return new SseReader(response, reader);
        }

        public async Task<(string Event, JsonElement Data)> NextEventAsync(CancellationToken ct)
        {
            string? name = null;
            while (await _reader.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && name is not null)
                {
                    return (name, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
                }
            }

            throw new EndOfStreamException();
        }

        public async Task<int> CountHeartbeatsUntilAsync(int count, CancellationToken ct)
        {
            var seen = 0;
            while (seen < count && await _reader.ReadLineAsync(ct) is { } line)
            {
                Assert.False(line.StartsWith("event:", StringComparison.Ordinal), $"unexpected event: {line}");
                if (line == ": heartbeat")
                {
                    seen++;
                }
            }

            return seen;
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
