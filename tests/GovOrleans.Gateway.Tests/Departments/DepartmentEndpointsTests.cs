using System.Net;
using System.Net.Http.Json;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests.Departments;

/// <summary><c>/api/v1/departments</c>: directory, detail and queue.</summary>
public sealed class DepartmentEndpointsTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    [Fact]
    public async Task List_SeededDirectory_HasTheFourDepartments()
    {
        using var carla = await Gateway.AsUserAsync("carla");
        var departments = await carla.GetFromJsonAsync<List<DepartmentSummary>>("/api/v1/departments", GatewayFactory.Json);
        Assert.Equal(["civil-registry", "parks-north", "parks-south", "permits"], departments!.Select(d => d.Code));
    }

    [Fact]
    public async Task Get_Department_HasStaffFromConfigurationAndETag()
    {
        using var carla = await Gateway.AsUserAsync("carla");
        using var response = await carla.GetAsync("/api/v1/departments/permits");
        var view = await Problems.ReadAsync<DepartmentView>(response, HttpStatusCode.OK);
        Assert.Equal(["carla", "dirk"], view.Staff.Select(s => s.UserId).Order());
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/departments/permits");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await carla.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task Get_Department_ETagChangesWhenTheQueueChanges()
    {
        using var carla = await Gateway.AsUserAsync("carla");
        using var anna = await Gateway.AsUserAsync("anna");
        using var before = await carla.GetAsync("/api/v1/departments/permits");
        var view = await Problems.ReadAsync<DepartmentView>(before, HttpStatusCode.OK);
        var etag = before.Headers.ETag!.ToString();

        using var submitted = await anna.PostAsJsonAsync("/api/v1/cases", Cases.CaseRequests.ParkingPermit());
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);

        // The department follows case events asynchronously; poll with a contextual deadline.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/departments/permits");
            conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
            using var response = await carla.SendAsync(conditional);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var changed = await Problems.ReadAsync<DepartmentView>(response, HttpStatusCode.OK);
                Assert.Equal(view.Counters.Open + 1, changed.Counters.Open);
                Assert.NotEqual(etag, response.Headers.ETag!.ToString());
                break;
            }

            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "The department's ETag still names the counters from before the new case.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Get_StaffOfAnotherDepartment_Returns403_DepartmentSystemReads()
    {
        using var pieter = await Gateway.AsUserAsync("pieter");
        await Problems.AssertProblemAsync(await pieter.GetAsync("/api/v1/departments/permits"), HttpStatusCode.Forbidden);
        using var system = await Gateway.AsClientAsync("permits-system", "permits-system-secret");
        using var response = await system.GetAsync("/api/v1/departments/permits");
        Assert.Equal("permits", (await Problems.ReadAsync<DepartmentView>(response, HttpStatusCode.OK)).Code);
    }

    [Theory]
    [InlineData("/api/v1/departments")]
    [InlineData("/api/v1/departments/permits/queue")]
    public async Task ListAndQueue_WeakETag_IfNoneMatchReturns304(string path)
    {
        using var carla = await Gateway.AsUserAsync("carla");
        using var first = await carla.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.ETag?.IsWeak, $"no weak ETag on {path}");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await carla.SendAsync(conditional)).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/departments/unknown/queue")]
    [InlineData("/api/v1/departments/unknown")]
    [InlineData("/api/v1/departments/UPPER")]
    [InlineData("/api/v1/departments/UPPER/queue")]
    public async Task Get_UnknownOrMalformedCode_Returns404(string path)
    {
        using var olga = await Gateway.AsUserAsync("olga");
        await Problems.AssertProblemAsync(await olga.GetAsync(path), HttpStatusCode.NotFound);
    }
}
