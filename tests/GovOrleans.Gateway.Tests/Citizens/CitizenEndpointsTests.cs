using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovOrleans.Gateway.Tests.Auth;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Citizens;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Citizens;

/// <summary><c>/api/v1/citizens/me</c>: profile, own cases, inbox.</summary>
public sealed class CitizenEndpointsTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    [Fact]
    public async Task Profile_UpdateThenRead_WithETagAnd304()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var put = await anna.PutAsJsonAsync("/api/v1/citizens/me", new { displayName = "Anna J.", email = "anna@example.org", preferredChannels = new[] { "email" }, consentToNotifications = true });
        var updated = await Problems.ReadAsync<CitizenProfile>(put, HttpStatusCode.OK);
        Assert.Equal("anna", updated.Id);

        using var get = await anna.GetAsync("/api/v1/citizens/me");
        var profile = await Problems.ReadAsync<CitizenProfile>(get, HttpStatusCode.OK);
        Assert.Equal("anna@example.org", profile.Email);
        Assert.Equal($"W/\"{profile.Version}\"", get.Headers.ETag?.ToString());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/citizens/me");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", get.Headers.ETag!.ToString());
        using var notModified = await anna.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Profile_InvalidEmail_Returns422WithFieldPath()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var put = await anna.PutAsJsonAsync("/api/v1/citizens/me", new { displayName = "Anna", email = "not-an-email", consentToNotifications = false });
        var problem = await Problems.AssertProblemAsync(put, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(), problem.ToString());
        Assert.DoesNotContain("not-an-email", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MyCases_ListsOnlyOwnCases_AndInboxGetsNotified()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var ben = await Gateway.AsUserAsync("ben");
        using var submitted = await anna.PostAsJsonAsync("/api/v1/cases", Cases.CaseRequests.ParkingPermit());
        var created = await Problems.ReadAsync<CaseView>(submitted, HttpStatusCode.Created);
        using var bens = await ben.PostAsJsonAsync("/api/v1/cases", Cases.CaseRequests.ParkingPermit());
        Assert.Equal(HttpStatusCode.Created, bens.StatusCode);

        var page = await Eventually(async () =>
        {
            var p = await anna.GetFromJsonAsync<CasePage>("/api/v1/citizens/me/cases?pageSize=100", GatewayFactory.Json);
            return p!.Items.Any(s => s.Id == created.Id) ? p : null;
        });
        Assert.All(page.Items, s => Assert.Equal("anna", s.CitizenId));

        var inbox = await Eventually(async () =>
        {
            var items = await anna.GetFromJsonAsync<List<Notification>>("/api/v1/citizens/me/inbox", GatewayFactory.Json);
            return items!.Any(n => n.CaseId == created.Id) ? items : null;
        });
        Assert.DoesNotContain(inbox, n => n.CaseId != created.Id && !n.CaseId.StartsWith("C-", StringComparison.Ordinal));

        var fields = await anna.GetFromJsonAsync<JsonElement>("/api/v1/citizens/me/cases?fields=id");
        Assert.All(fields.GetProperty("items").EnumerateArray(), i => Assert.Equal(["id"], i.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task Profile_UpdateWithIfMatch_StaleReturns412_MalformedReturns400()
    {
        using var ben = await Gateway.AsUserAsync("ben");
        using var current = await ben.GetAsync("/api/v1/citizens/me");
        var profile = await Problems.ReadAsync<CitizenProfile>(current, HttpStatusCode.OK);
        var body = new { displayName = "Ben", consentToNotifications = false };

        using var stale = await PutProfileAsync(ben, body, $"W/\"{profile.Version + 5}\"");
        var problem = await Problems.AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal(profile.Version, problem.GetProperty("currentVersion").GetInt32());
        using var malformed = await PutProfileAsync(ben, body, "garbage");
        Assert.True((await Problems.AssertProblemAsync(malformed, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("If-Match", out _));

        using var matching = await PutProfileAsync(ben, body, current.Headers.ETag!.ToString());
        var updated = await Problems.ReadAsync<CitizenProfile>(matching, HttpStatusCode.OK);
        Assert.Equal(profile.Version + 1, updated.Version);
        Assert.Equal($"W/\"{updated.Version}\"", matching.Headers.ETag?.ToString());
    }

    [Theory]
    [InlineData("/api/v1/citizens/me/cases")]
    [InlineData("/api/v1/citizens/me/inbox")]
    public async Task CasesAndInbox_WeakETag_IfNoneMatchReturns304(string path)
    {
        // A citizen of its own: no other test's case events can change the list between the two reads.
        using var ben = Gateway.WithToken(TestTokens.Create("etag-" + Guid.NewGuid().ToString("N")[..12], ["citizen"]));
        using var first = await ben.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.ETag?.IsWeak, $"no weak ETag on {path}");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await ben.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task Events_TooManyStreams_Returns429ProblemWithRetryAfter()
    {
        using var ben = await Gateway.AsUserAsync("ben");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var open = new List<HttpResponseMessage>();
        try
        {
            HttpResponseMessage response;
            while (true)
            {
                Assert.True(open.Count <= 100, "The stream limit was never reached.");
                response = await ben.GetAsync("/api/v1/citizens/me/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    break;
                }

                open.Add(response);
            }

            using (response)
            {
                Assert.Equal(5, open.Count);
                var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
                Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.GetProperty("type").GetString());
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            }
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }
    }

    private static Task<HttpResponseMessage> PutProfileAsync(HttpClient client, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/citizens/me") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    /// <summary>Read models follow case events asynchronously; poll with a contextual deadline.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (await probe() is { } result)
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, "The read model did not catch up within 15 s.");
            await Task.Delay(50);
        }
    }
}
