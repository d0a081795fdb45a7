using GovOrleans.Gateway.Citizens;
using Microsoft.AspNetCore.Http;

namespace GovOrleans.Gateway.Tests.Citizens;

/// <summary>Where a reconnecting stream left off: header first, then the query parameter; anything else is "not an event".</summary>
public sealed class LastEventIdTests
{
    private const string Id = "0f8fad5bd9cb469fa16570867728950e";

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("", "", null)]
    [InlineData(Id, null, Id)]
    [InlineData(null, Id, Id)]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", null, Id)]
    [InlineData(Id, "11111111111111111111111111111111", Id)]
    [InlineData("not-an-event-id", null, "00000000000000000000000000000000")]
    [InlineData(null, "12345", "00000000000000000000000000000000")]
    public void Read_HeaderOrQuery_ReturnsIdOrEmptyForMalformed(string? header, string? query, string? expected)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers[LastEventId.HeaderName] = header;
        }

        if (query is not null)
        {
            context.Request.QueryString = QueryString.Create(LastEventId.QueryName, query);
        }

        Assert.Equal(expected is null ? null : Guid.Parse(expected), LastEventId.Read(context.Request));
    }

    [Fact]
    public void Read_HeaderRepeated_IsMalformed()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[LastEventId.HeaderName] = new([Id, Id]);

        Assert.Equal(Guid.Empty, LastEventId.Read(context.Request));
    }
}
