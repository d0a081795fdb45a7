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

    [Theory]
    [InlineData("/api/v1/departments/unknown")]
    [InlineData("/api/v1/departments/UPPER")]
    [InlineData("/api/v1/departments/UPPER/queue")]
    public async Task Get_UnknownOrMalformedCode_Returns404(string path)
    {
        using var olga = await Gateway.AsUserAsync("olga");
        await Problems.AssertProblemAsync(await olga.GetAsync(path), HttpStatusCode.NotFound);
    }
}
