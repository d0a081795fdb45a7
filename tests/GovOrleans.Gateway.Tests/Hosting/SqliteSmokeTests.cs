using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Workflows;
using GovOrleans.Runtime.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Gateway.Tests.Hosting;

/// <summary>The default storage (SQLite, as <c>dotnet run</c> uses it) with a file per test; restarts keep data and reseeding is idempotent.</summary>
public sealed class SqliteSmokeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"govorleans-gateway-{Guid.NewGuid():N}");

    [Fact]
    public async Task DefaultSqlite_WalkthroughThenRestart_KeepsCaseAndSeedsOnce()
    {
        Directory.CreateDirectory(_directory);
        var settings = new Dictionary<string, string?>
        {
            ["Platform:Storage:ConnectionString"] = $"Data Source={Path.Combine(_directory, "govorleans.db")}",
            ["RateLimiting:Enabled"] = "false",
        };

        string caseId;
        await using (var first = new GatewayFactory(settings))
        {
            var ready = await first.Anonymous().GetFromJsonAsync<JsonElement>("/health/ready");
            Assert.Equal("Sqlite", ready.GetProperty("checks").GetProperty("storage").GetProperty("description").GetString());
            using var anna = await first.AsUserAsync("anna");
            using var submitted = await anna.PostAsJsonAsync("/api/v1/cases", Cases.CaseRequests.ParkingPermit());
            caseId = (await Problems.ReadAsync<CaseView>(submitted, HttpStatusCode.Created)).Id;
            using var carla = await first.AsUserAsync("carla");
            using var review = await carla.PostAsJsonAsync($"/api/v1/cases/{caseId}/transitions", new { name = "start-review" });
            Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        }

        await using var second = new GatewayFactory(settings);
        using var annaAgain = await second.AsUserAsync("anna");
        var history = await annaAgain.GetFromJsonAsync<List<CaseHistoryEntry>>($"/api/v1/cases/{caseId}/history", GatewayFactory.Json);
        Assert.Equal(["intake", "in-review"], history!.Select(h => h.ToStatus));
        var versions = await second.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkflowGrain>("standard").GetVersionsAsync();
        Assert.Single(versions);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
