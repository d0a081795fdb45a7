using System.Net;
using System.Text.Json;

namespace GovOrleans.Gateway.Tests.Citizens;

/// <summary>Reads a citizen's event stream line by line.</summary>
internal sealed class SseReader : IAsyncDisposable
{
    public const string EventsPath = "/api/v1/citizens/me/events";

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>Opens <paramref name="path"/>, sending <paramref name="lastEventId"/> as the Last-Event-ID header when given.</summary>
    public static async Task<SseReader> OpenAsync(HttpClient client, CancellationToken ct, string? lastEventId = null, string path = EventsPath)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        Assert.Equal(": connected", await reader.ReadLineAsync(ct));
        return new SseReader(response, reader);
    }

    /// <summary>The next event; <c>Id</c> is null when the event carries no <c>id:</c> line.</summary>
    public async Task<(string? Id, string Event, JsonElement Data)> NextEventAsync(CancellationToken ct)
    {
        string? id = null;
        string? name = null;
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                (id, name) = (null, null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name is not null)
            {
                return (id, name, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
            }
        }

        throw new EndOfStreamException();
    }

    /// <summary>Reads until <paramref name="count"/> heartbeats have come, failing on any event before them.</summary>
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
