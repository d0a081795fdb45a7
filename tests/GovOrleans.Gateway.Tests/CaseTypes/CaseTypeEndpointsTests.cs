using System.Net;
using System.Net.Http.Json;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.CaseTypes;

/// <summary><c>/api/v1/case-types</c>: the seeded, published catalogue.</summary>
public sealed class CaseTypeEndpointsTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    [Fact]
    public async Task List_SeededCatalogue_HasTheThreeCaseTypes()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        var types = await anna.GetFromJsonAsync<List<CaseTypeSummary>>("/api/v1/case-types", GatewayFactory.Json);
        Assert.Equal(["address-change", "parking-permit", "tree-removal"], types!.Select(t => t.Code));
    }

    [Fact]
    public async Task Get_Published_ReturnsFieldsWithETagAnd304()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var response = await anna.GetAsync("/api/v1/case-types/tree-removal");
        var definition = await Problems.ReadAsync<CaseTypeDefinition>(response, HttpStatusCode.OK);
        Assert.Equal(CaseTypeStatus.Published, definition.Status);
        Assert.Contains(definition.RoutingRules, r => r.Value == "south" && r.Department == "parks-south");
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"type\":\"Choice\"", json, StringComparison.Ordinal);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/case-types/tree-removal");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await anna.SendAsync(conditional)).StatusCode);
    }

    [Theory]
    [InlineData("no-such-type")]
    [InlineData("Bad%20Code")]
    [InlineData("x%3Cscript%3E")]
    public async Task Get_UnknownOrMalformedCode_Returns404Problem(string code)
    {
        using var anna = await Gateway.AsUserAsync("anna");
        await Problems.AssertProblemAsync(await anna.GetAsync("/api/v1/case-types/" + code), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Submit_TreeRemovalSouth_RoutedToParksSouth()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var response = await anna.PostAsJsonAsync("/api/v1/cases", new
        {
            caseTypeCode = "tree-removal",
            data = new Dictionary<string, object> { ["district"] = "south", ["address"] = "Parklaan 1", ["treeCount"] = 2 },
        });
        var created = await Problems.ReadAsync<GovOrleans.GrainInterfaces.Cases.CaseView>(response, HttpStatusCode.Created);
        Assert.Equal("parks-south", created.Department);
    }
}
