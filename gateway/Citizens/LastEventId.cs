namespace GovOrleans.Gateway.Citizens;

/// <summary>Where a reconnecting event stream left off: the <c>Last-Event-ID</c> header, or the <c>lastEventId</c> query parameter.</summary>
internal static class LastEventId
{
    public const string HeaderName = "Last-Event-ID";

    /// <summary>EventSource polyfills cannot always set headers and pass the id in the URL instead.</summary>
    public const string QueryName = "lastEventId";

    /// <summary>
    /// The event id the client saw last: null when it names none, <see cref="Guid.Empty"/> when it names something that is
    /// not an event id (which no history holds, so the client is told to re-read instead of failing the stream).
    /// </summary>
    public static Guid? Read(HttpRequest request)
    {
        // The header wins: a browser's EventSource sends it on every reconnect with the newest id, while a query parameter
        // stays in the URL the page first built.
        var value = request.Headers[HeaderName].ToString();
        if (string.IsNullOrWhiteSpace(value))
        {
            value = request.Query[QueryName].ToString();
        }

        // An empty id is what EventSource keeps after an empty "id:" line: it names no event.
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Guid.TryParse(value, out var id) ? id : Guid.Empty;
    }
}
