using GovOrleans.Gateway.Audit;
using GovOrleans.Gateway.Auth;
using GovOrleans.Gateway.Cases;
using GovOrleans.Gateway.CaseTypes;
using GovOrleans.Gateway.Citizens;
using GovOrleans.Gateway.Departments;
using GovOrleans.Gateway.Health;
using GovOrleans.Gateway.Hosting;
using GovOrleans.Gateway.Observability;
using GovOrleans.Gateway.RateLimiting;
using GovOrleans.Gateway.Seeding;
using GovOrleans.Silo;

var builder = WebApplication.CreateBuilder(args);
if (args is ["audit", "verify", ..])
{
    return await AuditVerifyCommand.RunAsync(args[2..], builder.Configuration);
}

// Co-hosted silo by default; Platform:Mode=Client talks to a separate silo cluster over TCP instead.
if (builder.Configuration.IsClientMode())
{
    builder.AddPlatformClient();
}
else
{
    builder.AddPlatformSilo();
}

builder.Services.AddGatewayDefaults();
builder.Services.AddGatewayAuth();
builder.Services.AddAuditTrail(builder.Configuration);
builder.Services.AddAdaptiveRateLimiting(builder.Configuration);
builder.Services.AddPrometheusMetrics();
builder.Services.AddCitizenEvents();
builder.Services.AddSampleMunicipalitySeeding();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuditTrail();
app.UseAdaptiveRateLimiting();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous();
app.MapHealthEndpoints();
app.MapPrometheusMetrics();
app.MapAuthEndpoints();
app.MapCaseTypeEndpoints();
app.MapCaseEndpoints();
app.MapCitizenEndpoints();
app.MapDepartmentEndpoints();

await app.RunAsync();
return 0;

/// <summary>The gateway's entry point; public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
