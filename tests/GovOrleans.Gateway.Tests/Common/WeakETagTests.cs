using System.Net;
using System.Net.Http.Headers;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Common;

/// <summary>Content-based weak ETags on lists: 304 on a matching If-None-Match, a new tag once the list changed.</summary>
public sealed class WeakETagTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    [Fact]
    public async Task ListCaseTypes_MatchingIfNoneMatch_Returns304WithEmptyBody()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        var tag = await GetTagAsync(anna, "/api/v1/case-types");
        Assert.True(tag.IsWeak);
        Assert.Matches("^\"[A-Za-z0-9_-]{22}\"$", tag.Tag);

        using var hit = await GetAsync(anna, "/api/v1/case-types", tag.ToString());
        Assert.Equal(HttpStatusCode.NotModified, hit.StatusCode);
        Assert.Equal(tag, hit.Headers.ETag);
        Assert.Empty(await hit.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("*")]
    [InlineData("\"other\", {0}")]
    [InlineData("W/\"other\",{0}")]
    public async Task ListCaseTypes_IfNoneMatchStarListOrStrongForm_Returns304(string header)
    {
        using var anna = await Gateway.AsUserAsync("anna");
        var tag = await GetTagAsync(anna, "/api/v1/case-types");
        var strong = tag.Tag; // weak comparison: W/"x" matches "x"

        using var hit = await GetAsync(anna, "/api/v1/case-types", string.Format(System.Globalization.CultureInfo.InvariantCulture, header, strong));
        Assert.Equal(HttpStatusCode.NotModified, hit.StatusCode);
    }

    [Fact]
    public async Task ListCaseTypes_OtherTag_Returns200()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var miss = await GetAsync(anna, "/api/v1/case-types", "W/\"AAAAAAAAAAAAAAAAAAAAAA\"");
        Assert.Equal(HttpStatusCode.OK, miss.StatusCode);
        Assert.NotNull(miss.Headers.ETag);
    }

    [Fact]
    public async Task ListCases_AfterSubmit_Returns200WithNewETag()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        var before = await GetTagAsync(anna, "/api/v1/cases");
        using (var hit = await GetAsync(anna, "/api/v1/cases", before.ToString()))
        {
            Assert.Equal(HttpStatusCode.NotModified, hit.StatusCode);
        }

        using var submitted = await Cases.CaseRequests.SubmitAsync(anna, Cases.CaseRequests.ParkingPermit());
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);

        using var changed = await GetAsync(anna, "/api/v1/cases", before.ToString());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotNull(changed.Headers.ETag);
        Assert.NotEqual(before, changed.Headers.ETag);
    }

    [Fact]
    public async Task CaseHistory_AfterTransition_Returns200WithNewETag()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var carla = await Gateway.AsUserAsync("carla");
        using var submitted = await Cases.CaseRequests.SubmitAsync(anna, Cases.CaseRequests.ParkingPermit());
        var created = await Problems.ReadAsync<CaseView>(submitted, HttpStatusCode.Created);
        var path = $"/api/v1/cases/{created.Id}/history";

        var before = await GetTagAsync(anna, path);
        using (var hit = await GetAsync(anna, path, before.ToString()))
        {
            Assert.Equal(HttpStatusCode.NotModified, hit.StatusCode);
        }

        using var review = await Cases.CaseRequests.TransitionAsync(carla, created.Id, new { name = "start-review" });
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);

        using var changed = await GetAsync(anna, path, before.ToString());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(before, changed.Headers.ETag);
    }

    [Fact]
    public async Task GetCase_VersionETag_IsNotReplaced()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var submitted = await Cases.CaseRequests.SubmitAsync(anna, Cases.CaseRequests.ParkingPermit());
        var created = await Problems.ReadAsync<CaseView>(submitted, HttpStatusCode.Created);
        var tag = await GetTagAsync(anna, $"/api/v1/cases/{created.Id}");
        Assert.Equal($"W/\"{created.Version}\"", tag.ToString());
    }

    private static async Task<EntityTagHeaderValue> GetTagAsync(HttpClient client, string path)
    {
        using var response = await GetAsync(client, path, ifNoneMatch: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag ?? throw new Xunit.Sdk.XunitException("no ETag");
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return client.SendAsync(request);
    }
}
