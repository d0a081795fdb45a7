using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
