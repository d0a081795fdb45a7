using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using GovOrleans.Gateway.Audit;
using GovOrleans.Runtime.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Tests.Audit;

public sealed class AuditMiddlewareTests : IAsyncLifetime
{
    private const string PersonalData = "Jan Jansen 123456782";

    private readonly string _directory = Directory.CreateTempSubdirectory("govorleans-audit-mw-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 1, 9, 30, 0, TimeSpan.Zero));
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Storage:Provider"] = "Sqlite",
            ["Platform:Storage:ConnectionString"] = $"Data Source={Path.Combine(_directory, "govorleans.db")}",
        });
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddAuthentication(TestAuthHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddAuditTrail(builder.Configuration);

        _app = builder.Build();
        // The gateway's order: authentication, audit, (rate limiting), authorization.
        _app.UseAuthentication();
        _app.UseAuditTrail();
        _app.UseAuthorization();
        _app.MapGet("/api/v1/cases/{id}", (string id) => TypedResults.Ok(new { id }));
        _app.MapGet("/api/v1/departments/{code}/queue", (string code) => TypedResults.Ok());
        _app.MapPost("/api/v1/cases", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            await reader.ReadToEndAsync();
            return TypedResults.Created("/api/v1/cases/C-9", new { id = "C-9" });
        });
        _app.MapGet("/api/v1/secure", () => "secret").RequireAuthorization();
        _app.MapGet("/api/v1/people/{subject}", (string subject) => TypedResults.Ok());
        _app.MapPost("/api/v1/named/{code}", (HttpContext context, string code) =>
        {
            AuditResource.Set(context, code == "echo" ? PersonalData : "C-00000000000000000001");
            return TypedResults.Ok();
        });
        _app.MapGet("/health/live", () => "healthy");
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ApiRequests_AreRecordedWithActorActionResourceOutcome_AndNoBody()
    {
        await SendAsync(HttpMethod.Get, "/api/v1/cases/C-0123456789ABCDEF0123", user: "citizen-7", roles: "citizen");
        await SendAsync(HttpMethod.Post, "/api/v1/cases", user: "citizen-7", roles: "citizen", body: $"{{\"name\":\"{PersonalData}\"}}");
        await SendAsync(HttpMethod.Get, "/api/v1/departments/burgerzaken/queue", user: "cw-1", roles: "department-admin,caseworker");
        var refused = await SendAsync(HttpMethod.Get, "/api/v1/secure", user: null, roles: null);
        await SendAsync(HttpMethod.Get, "/health/live", user: null, roles: null);
        await SendAsync(HttpMethod.Get, $"/api/v1/unknown/{Uri.EscapeDataString(PersonalData)}", user: null, roles: null);
        Assert.Equal(HttpStatusCode.Unauthorized, refused);

        var trail = _app.Services.GetRequiredService<AuditTrail>();
        await trail.FlushAsync();
        var options = _app.Services.GetRequiredService<IOptions<AuditOptions>>().Value;
        await using var store = new SqliteAuditStore(options.ConnectionString!, readOnly: true);
        var records = await store.ReadAllAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(5, records.Count);
        Assert.Equal(("citizen-7", "citizen", "GET /api/v1/cases/{id}", "C-0123456789ABCDEF0123", 200), Fields(records[0]));
        Assert.Equal(("citizen-7", "citizen", "POST /api/v1/cases", "", 201), Fields(records[1]));
        Assert.Equal(("cw-1", "caseworker,department-admin", "GET /api/v1/departments/{code}/queue", "burgerzaken", 200), Fields(records[2]));
        Assert.Equal(("anonymous", "", "GET /api/v1/secure", "", 401), Fields(records[3]));
        Assert.Equal(("anonymous", "", "GET (unmatched)", "", 404), Fields(records[4]));
        Assert.All(records, r => Assert.Equal(_time.GetUtcNow(), r.At));
        Assert.All(records, r => Assert.False(string.IsNullOrEmpty(r.TraceId)));
        Assert.All(records, r => Assert.DoesNotContain("Jan", string.Join('|', Fields(r).ToString(), r.TraceId), StringComparison.Ordinal));
        Assert.True((await trail.VerifyAsync()).Intact);
    }

    [Theory]
    [InlineData("/api/v1/cases/C-123", "GET /api/v1/cases/{id}")]
    [InlineData("/api/v1/cases/Jan%20Jansen%20123456782", "GET /api/v1/cases/{id}")]
    [InlineData("/api/v1/departments/BURGERZAKEN/queue", "GET /api/v1/departments/{code}/queue")]
    [InlineData("/api/v1/departments/%3Cscript%3E/queue", "GET /api/v1/departments/{code}/queue")]
    [InlineData("/api/v1/people/Jan%20Jansen", "GET /api/v1/people/{subject}")]
    public async Task RouteValue_BreakingTheKeyRules_IsRecordedAsInvalid(string path, string action)
    {
        await SendAsync(HttpMethod.Get, path, user: "cw-1", roles: "caseworker");

        var record = Assert.Single(await ReadRecordsAsync());
        Assert.Equal(("cw-1", "caseworker", action, "(invalid)", 200), Fields(record));
    }

    [Fact]
    public async Task RouteValue_WellFormedSubject_IsRecorded()
    {
        await SendAsync(HttpMethod.Get, "/api/v1/people/citizen-7", user: "cw-1", roles: "caseworker");

        Assert.Equal("citizen-7", Assert.Single(await ReadRecordsAsync()).Resource);
    }

    [Fact]
    public async Task AuditResource_NamedByHandler_ReplacesRouteValues_AndIsCheckedToo()
    {
        await SendAsync(HttpMethod.Post, "/api/v1/named/some-code", user: "citizen-7", roles: "citizen");
        await SendAsync(HttpMethod.Post, "/api/v1/named/echo", user: "citizen-7", roles: "citizen");

        var records = await ReadRecordsAsync();
        Assert.Equal(2, records.Count);
        Assert.Equal(("citizen-7", "citizen", "POST /api/v1/named/{code}", "C-00000000000000000001", 200), Fields(records[0]));
        Assert.Equal(("citizen-7", "citizen", "POST /api/v1/named/{code}", "(invalid)", 200), Fields(records[1]));
    }

    private async Task<List<AuditRecord>> ReadRecordsAsync()
    {
        await _app.Services.GetRequiredService<AuditTrail>().FlushAsync();
        var options = _app.Services.GetRequiredService<IOptions<AuditOptions>>().Value;
        await using var store = new SqliteAuditStore(options.ConnectionString!, readOnly: true);
        return await store.ReadAllAsync(CancellationToken.None).ToListAsync();
    }

    private static (string, string, string, string, int) Fields(AuditRecord r) => (r.Actor, r.Roles, r.Action, r.Resource, r.Outcome);

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string? user, string? roles, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Add("X-Test-User", user);
            request.Headers.Add("X-Test-Roles", roles);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _client.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        return response.StatusCode;
    }

    /// <summary>Authenticates from headers: <c>X-Test-User</c> is the subject, <c>X-Test-Roles</c> a comma-separated role list.</summary>
    private sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "AuditTest";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue("X-Test-User", out var user))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var claims = new List<Claim> { new("sub", user.ToString()), new("name", PersonalData) };
            claims.AddRange(Request.Headers["X-Test-Roles"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim("role", r)));
            var identity = new ClaimsIdentity(claims, SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
