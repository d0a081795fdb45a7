using System.Net;
using System.Net.Http.Json;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Auth;

/// <summary>For every endpoint: who may call it (not 401/403), who may not (403), and that it needs a token (401).</summary>
public sealed class EndpointAccessTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    private string _caseId = "";

    /// <summary>Every protected route; {case} is a case of anna's in the permits department.</summary>
    public static TheoryData<string, string> ProtectedEndpoints => new()
    {
        { "GET", "/api/v1/case-types" },
        { "GET", "/api/v1/case-types/parking-permit" },
        { "POST", "/api/v1/cases" },
        { "GET", "/api/v1/cases" },
        { "GET", "/api/v1/cases/{case}" },
        { "GET", "/api/v1/cases/{case}/history" },
        { "POST", "/api/v1/cases/{case}/transitions" },
        { "POST", "/api/v1/cases/{case}/assignment" },
        { "POST", "/api/v1/cases/{case}/suspend" },
        { "POST", "/api/v1/cases/{case}/resume" },
        { "POST", "/api/v1/cases/{case}/extend" },
        { "GET", "/api/v1/citizens/me" },
        { "PUT", "/api/v1/citizens/me" },
        { "GET", "/api/v1/citizens/me/cases" },
        { "GET", "/api/v1/citizens/me/inbox" },
        { "GET", "/api/v1/citizens/me/events" },
        { "GET", "/api/v1/departments" },
        { "GET", "/api/v1/departments/permits" },
        { "GET", "/api/v1/departments/permits/queue" },
    };

    /// <summary>Callers the route's policy (or the grain's access rule) refuses.</summary>
    public static TheoryData<string, string, string> Forbidden => new()
    {
        { "GET", "/api/v1/case-types", "client:parks-reporting" },
        { "GET", "/api/v1/case-types/parking-permit", "client:parks-reporting" },
        { "POST", "/api/v1/cases", "user:carla" },
        { "POST", "/api/v1/cases", "client:permits-system" },
        { "GET", "/api/v1/cases", "client:forms-portal" },
        { "GET", "/api/v1/cases/{case}", "client:forms-portal" },
        { "GET", "/api/v1/cases/{case}", "user:pieter" },
        { "GET", "/api/v1/cases/{case}", "client:parks-reporting" },
        { "GET", "/api/v1/cases/{case}/history", "user:pieter" },
        { "POST", "/api/v1/cases/{case}/transitions", "user:anna" },
        { "POST", "/api/v1/cases/{case}/transitions", "client:parks-reporting" },
        { "POST", "/api/v1/cases/{case}/transitions", "user:pieter" },
        { "POST", "/api/v1/cases/{case}/assignment", "user:anna" },
        { "POST", "/api/v1/cases/{case}/assignment", "client:permits-system" },
        { "POST", "/api/v1/cases/{case}/suspend", "user:anna" },
        { "POST", "/api/v1/cases/{case}/resume", "user:anna" },
        { "POST", "/api/v1/cases/{case}/extend", "user:anna" },
        { "GET", "/api/v1/citizens/me", "user:carla" },
        { "PUT", "/api/v1/citizens/me", "user:olga" },
        { "GET", "/api/v1/citizens/me/cases", "client:permits-system" },
        { "GET", "/api/v1/citizens/me/inbox", "user:carla" },
        { "GET", "/api/v1/citizens/me/events", "user:carla" },
        { "GET", "/api/v1/departments", "user:anna" },
        { "GET", "/api/v1/departments/permits", "user:anna" },
        { "GET", "/api/v1/departments/permits", "user:pieter" },
        { "GET", "/api/v1/departments/permits", "client:parks-reporting" },
        { "GET", "/api/v1/departments/permits", "client:forms-portal" },
        { "GET", "/api/v1/departments/permits/queue", "user:anna" },
        { "GET", "/api/v1/departments/permits/queue", "user:pieter" },
        { "GET", "/api/v1/departments/permits/queue", "client:parks-reporting" },
    };

    /// <summary>Callers the route admits.</summary>
    public static TheoryData<string, string, string> Allowed => new()
    {
        { "GET", "/api/v1/case-types", "user:anna" },
        { "GET", "/api/v1/case-types", "user:carla" },
        { "GET", "/api/v1/case-types", "client:forms-portal" },
        { "GET", "/api/v1/case-types/parking-permit", "client:permits-system" },
        { "POST", "/api/v1/cases", "user:ben" },
        { "GET", "/api/v1/cases", "user:anna" },
        { "GET", "/api/v1/cases", "user:carla" },
        { "GET", "/api/v1/cases", "client:permits-system" },
        { "GET", "/api/v1/cases/{case}", "user:anna" },
        { "GET", "/api/v1/cases/{case}", "user:carla" },
        { "GET", "/api/v1/cases/{case}", "user:olga" },
        { "GET", "/api/v1/cases/{case}", "client:permits-system" },
        { "GET", "/api/v1/cases/{case}/history", "user:anna" },
        { "GET", "/api/v1/cases/{case}/history", "user:dirk" },
        { "POST", "/api/v1/cases/{case}/transitions", "client:permits-system" },
        { "POST", "/api/v1/cases/{case}/assignment", "user:dirk" },
        { "POST", "/api/v1/cases/{case}/suspend", "user:carla" },
        { "POST", "/api/v1/cases/{case}/resume", "user:carla" },
        { "POST", "/api/v1/cases/{case}/extend", "user:olga" },
        { "GET", "/api/v1/citizens/me", "user:anna" },
        { "PUT", "/api/v1/citizens/me", "user:anna" },
        { "GET", "/api/v1/citizens/me/cases", "user:anna" },
        { "GET", "/api/v1/citizens/me/inbox", "user:ben" },
        { "GET", "/api/v1/citizens/me/events", "user:anna" },
        { "GET", "/api/v1/departments", "user:carla" },
        { "GET", "/api/v1/departments", "client:parks-reporting" },
        { "GET", "/api/v1/departments/permits", "user:dirk" },
        { "GET", "/api/v1/departments/permits", "user:carla" },
        { "GET", "/api/v1/departments/permits", "user:olga" },
        { "GET", "/api/v1/departments/permits", "client:permits-system" },
        { "GET", "/api/v1/departments/permits/queue", "user:carla" },
        { "GET", "/api/v1/departments/permits/queue", "client:permits-system" },
        { "GET", "/api/v1/departments/permits/queue", "user:olga" },
    };

    protected override async Task OnStartedAsync()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var response = await anna.PostAsJsonAsync("/api/v1/cases", Cases.CaseRequests.ParkingPermit());
        _caseId = (await Problems.ReadAsync<CaseView>(response, HttpStatusCode.Created)).Id;
    }

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Call_WithoutToken_Returns401(string method, string path)
    {
        using var client = Gateway.Anonymous();
        using var response = await SendAsync(client, method, path);
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Call_WithForgedToken_Returns401(string method, string path)
    {
        using var client = Gateway.WithToken(TestTokens.Create("anna", ["citizen", "operator"], signingKey: "a-different-key-that-is-at-least-32-bytes-long"));
        using var response = await SendAsync(client, method, path);
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task Call_WrongRoleOrScope_Returns403(string method, string path, string caller)
    {
        using var client = await ClientAsync(caller);
        using var response = await SendAsync(client, method, path);
        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public async Task Call_AllowedCaller_IsNotRejected(string method, string path, string caller)
    {
        using var client = await ClientAsync(caller);
        using var response = await SendAsync(client, method, path);
        Assert.True(
            response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound) && (int)response.StatusCode < 500,
            $"{caller} {method} {path}: {(int)response.StatusCode} {await ReadSafelyAsync(response)}");
    }

    [Fact]
    public async Task GetCase_OtherCitizensCaseById_Returns404AndRevealsNothing()
    {
        using var ben = await Gateway.AsUserAsync("ben");
        foreach (var path in new[] { $"/api/v1/cases/{_caseId}", $"/api/v1/cases/{_caseId}/history" })
        {
            using var response = await ben.GetAsync(path);
            var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
            Assert.DoesNotContain("anna", problem.ToString(), StringComparison.Ordinal);
        }

        var list = await ben.GetFromJsonAsync<CasePage>("/api/v1/cases", GatewayFactory.Json);
        Assert.DoesNotContain(list!.Items, s => s.Id == _caseId);
    }

    private async Task<HttpClient> ClientAsync(string caller)
    {
        var (kind, name) = (caller[..caller.IndexOf(':')], caller[(caller.IndexOf(':') + 1)..]);
        return kind == "user" ? await Gateway.AsUserAsync(name) : await Gateway.AsClientAsync(name, name + "-secret");
    }

    private Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        path = path.Replace("{case}", _caseId, StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Content = (method, path) switch
        {
            ("POST", "/api/v1/cases") => JsonContent.Create(Cases.CaseRequests.ParkingPermit()),
            ("POST", _) when path.EndsWith("/transitions", StringComparison.Ordinal) => JsonContent.Create(new { name = "start-review" }),
            ("POST", _) when path.EndsWith("/assignment", StringComparison.Ordinal) => JsonContent.Create(new { assignee = "carla" }),
            ("POST", _) when path.EndsWith("/suspend", StringComparison.Ordinal) => JsonContent.Create(new { reason = "Waiting" }),
            ("POST", _) when path.EndsWith("/extend", StringComparison.Ordinal) => JsonContent.Create(new { days = 1, reason = "More time" }),
            ("PUT", _) => JsonContent.Create(new { displayName = "Anna", email = "anna@example.org", preferredChannels = new[] { "email" }, consentToNotifications = true }),
            _ => null,
        };

        // The event stream never ends; headers are enough.
        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task<string> ReadSafelyAsync(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "(stream)" : await response.Content.ReadAsStringAsync();
}
