using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Cases;

/// <summary>
/// A change of address (CaseConfidential in the sample municipality) over HTTP: its parties read and list it, everyone
/// else is turned away and does not see it in lists. Public and Internal cases keep the ordinary rules.
/// </summary>
public sealed class CaseConfidentialityEndpointsTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    private const string Department = "civil-registry";

    // Besides the demo users (caseworker ruben, admin emma): a second caseworker and a records system of the civil registry.
    protected override (string Key, string? Value)[] ExtraSettings =>
    [
        ("Auth:DevelopmentIssuer:Users:50:Username", "tomas"),
        ("Auth:DevelopmentIssuer:Users:50:Password", "demo"),
        ("Auth:DevelopmentIssuer:Users:50:DisplayName", "Tomas (civil registry caseworker)"),
        ("Auth:DevelopmentIssuer:Users:50:Roles:0", "caseworker"),
        ("Auth:DevelopmentIssuer:Users:50:Department", Department),
        ("Auth:DevelopmentIssuer:Clients:50:ClientId", "registry-system"),
        ("Auth:DevelopmentIssuer:Clients:50:ClientSecret", "registry-system-secret"),
        ("Auth:DevelopmentIssuer:Clients:50:Department", Department),
        ("Auth:DevelopmentIssuer:Clients:50:Scopes:0", "cases.read"),
    ];

    [Fact]
    public async Task CaseConfidentialCase_PartiesReadIt_OthersAreTurnedAwayAndDoNotSeeItListed()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        var created = await SubmitAddressChangeAsync(anna);
        Assert.Equal(Confidentiality.CaseConfidential, created.Confidentiality);
        Assert.Equal(Department, created.Department);

        using var emma = await Gateway.AsUserAsync("emma");
        using var system = await Gateway.AsClientAsync("registry-system", "registry-system-secret");
        foreach (var party in new[] { anna, emma, system })
        {
            Assert.Equal(created.Id, (await Problems.ReadAsync<CaseView>(await party.GetAsync(CasePath(created)), HttpStatusCode.OK)).Id);
        }

        Assert.Equal(HttpStatusCode.OK, (await emma.GetAsync(CasePath(created) + "/history")).StatusCode);
        using var ben = await Gateway.AsUserAsync("ben");
        await Problems.AssertProblemAsync(await ben.GetAsync(CasePath(created)), HttpStatusCode.NotFound);

        using var ruben = await Gateway.AsUserAsync("ruben");
        using var olga = await Gateway.AsUserAsync("olga");
        foreach (var outsider in new[] { ruben, olga })
        {
            await Problems.AssertProblemAsync(await outsider.GetAsync(CasePath(created)), HttpStatusCode.Forbidden);
            await Problems.AssertProblemAsync(await outsider.GetAsync(CasePath(created) + "/history"), HttpStatusCode.Forbidden);
            await Problems.AssertProblemAsync(await CaseRequests.TransitionAsync(outsider, created.Id, new { name = "start-review" }), HttpStatusCode.Forbidden);
        }

        // Lists follow case events; once a party sees the case listed, the same event has reached every list.
        await WaitUntilListedAsync(emma, created.Id);
        Assert.Contains(created.Id, await QueueAsync(emma));
        Assert.Contains(created.Id, await QueueAsync(system));
        Assert.Contains(created.Id, await ListAsync(system));
        Assert.Contains(created.Id, await ListAsync(anna, "/api/v1/citizens/me/cases"));
        Assert.DoesNotContain(created.Id, await ListAsync(ruben));
        Assert.DoesNotContain(created.Id, await QueueAsync(ruben));
        Assert.DoesNotContain(created.Id, await ListAsync(olga));
        Assert.DoesNotContain(created.Id, await QueueAsync(olga));
    }

    [Fact]
    public async Task CaseConfidentialCase_AssignedCaseworkerReadsAndListsIt_UntilReassigned()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var emma = await Gateway.AsUserAsync("emma");
        using var ruben = await Gateway.AsUserAsync("ruben");
        using var tomas = await Gateway.AsUserAsync("tomas");
        var created = await SubmitAddressChangeAsync(anna);

        await AssignAsync(emma, created.Id, "ruben");
        Assert.Equal("ruben", (await Problems.ReadAsync<CaseView>(await ruben.GetAsync(CasePath(created)), HttpStatusCode.OK)).AssignedTo);
        await WaitUntilListedAsync(ruben, created.Id);
        Assert.Contains(created.Id, await QueueAsync(ruben));
        await Problems.AssertProblemAsync(await tomas.GetAsync(CasePath(created)), HttpStatusCode.Forbidden);
        Assert.DoesNotContain(created.Id, await ListAsync(tomas));
        Assert.DoesNotContain(created.Id, await QueueAsync(tomas));

        await AssignAsync(emma, created.Id, "tomas");
        await Problems.AssertProblemAsync(await ruben.GetAsync(CasePath(created)), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await tomas.GetAsync(CasePath(created))).StatusCode);
        await WaitUntilListedAsync(tomas, created.Id);
        Assert.DoesNotContain(created.Id, await ListAsync(ruben));
        Assert.DoesNotContain(created.Id, await QueueAsync(ruben));
    }

    [Fact]
    public async Task InternalAndPublicCases_OperatorAndAnyCaseworkerOfTheDepartmentRead()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var olga = await Gateway.AsUserAsync("olga");
        using var carla = await Gateway.AsUserAsync("carla");
        using var pieter = await Gateway.AsUserAsync("pieter");
        var permit = await Problems.ReadAsync<CaseView>(await CaseRequests.SubmitAsync(anna, CaseRequests.ParkingPermit()), HttpStatusCode.Created);
        var treeBody = new { caseTypeCode = "tree-removal", data = new Dictionary<string, object> { ["district"] = "north", ["address"] = "Dorpsstraat 1", ["treeCount"] = 2 } };
        var tree = await Problems.ReadAsync<CaseView>(await CaseRequests.SubmitAsync(anna, treeBody), HttpStatusCode.Created);
        Assert.Equal((Confidentiality.Internal, Confidentiality.Public), (permit.Confidentiality, tree.Confidentiality));

        foreach (var (created, caseworker) in new[] { (permit, carla), (tree, pieter) })
        {
            Assert.Equal(HttpStatusCode.OK, (await olga.GetAsync(CasePath(created))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await olga.GetAsync(CasePath(created) + "/history")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await caseworker.GetAsync(CasePath(created))).StatusCode);
            await WaitUntilListedAsync(olga, created.Id);
            Assert.Contains(created.Id, await ListAsync(caseworker));
            Assert.Contains(created.Id, await QueueAsync(caseworker, created.Department));
            Assert.Contains(created.Id, await QueueAsync(olga, created.Department));
        }
    }

    private static string CasePath(CaseView view) => $"/api/v1/cases/{view.Id}";

    private static async Task<CaseView> SubmitAddressChangeAsync(HttpClient citizen)
    {
        var body = new
        {
            caseTypeCode = "address-change",
            data = new Dictionary<string, object>
            {
                ["street"] = "Kerkstraat 12",
                ["postcode"] = "1234 AB",
                ["moveDate"] = DateTime.UtcNow.Date.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["householdSize"] = 2,
            },
        };
        return await Problems.ReadAsync<CaseView>(await CaseRequests.SubmitAsync(citizen, body), HttpStatusCode.Created);
    }

    private static async Task AssignAsync(HttpClient admin, string caseId, string assignee)
    {
        using var response = await admin.PostAsJsonAsync($"/api/v1/cases/{caseId}/assignment", new { assignee });
        Assert.Equal(assignee, (await Problems.ReadAsync<CaseView>(response, HttpStatusCode.OK)).AssignedTo);
    }

    private static async Task<List<string>> ListAsync(HttpClient client, string path = "/api/v1/cases")
    {
        var page = await Problems.ReadAsync<CasePage>(await client.GetAsync(path + "?pageSize=100"), HttpStatusCode.OK);
        return [.. page.Items.Select(i => i.Id)];
    }

    private static async Task<List<string>> QueueAsync(HttpClient client, string department = Department)
    {
        var queue = await Problems.ReadAsync<List<QueueItem>>(await client.GetAsync($"/api/v1/departments/{department}/queue"), HttpStatusCode.OK);
        return [.. queue.Select(i => i.CaseId)];
    }

    private static async Task WaitUntilListedAsync(HttpClient client, string caseId)
    {
        Assert.True(
            await Poll.UntilAsync(async () => (await ListAsync(client)).Contains(caseId), TimeSpan.FromSeconds(15)),
            $"Case {caseId} is still not in GET /api/v1/cases of a caller who may see it.");
    }
}
