using System.Collections.Immutable;
using GovOrleans.Gateway.Auth;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.GrainInterfaces.Workflows;
using GovOrleans.Runtime.Abstractions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Seeding;

/// <summary>
/// Seeds the sample municipality through grain interfaces when the host starts (after the co-hosted silo). Idempotent:
/// what exists is left alone, except department staff, which follows the configured demo users.
/// </summary>
internal sealed partial class SampleMunicipalitySeeder(
    IGrainFactory grains,
    IOptions<SeedingOptions> options,
    IOptions<AuthOptions> auth,
    ILogger<SampleMunicipalitySeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var workflow = await SeedWorkflowAsync();
        foreach (var department in SampleMunicipality.Departments)
        {
            await SeedDepartmentAsync(department);
        }

        foreach (var (code, draft) in SampleMunicipality.CaseTypes(workflow.Version))
        {
            await SeedCaseTypeAsync(code, draft);
        }

        LogSeeded(logger, SampleMunicipality.Departments.Length, workflow.Version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<WorkflowDefinition> SeedWorkflowAsync()
    {
        var grain = grains.GetGrain<IWorkflowGrain>(SampleMunicipality.StandardWorkflow);
        var versions = await grain.GetVersionsAsync();
        return versions.IsDefaultOrEmpty ? await grain.AddVersionAsync(SampleMunicipality.Standard, Actor.System) : versions[^1];
    }

    private async Task SeedDepartmentAsync(DepartmentSummary department)
    {
        var staff = auth.Value.DevelopmentIssuer.Users
            .Where(u => string.Equals(u.Department, department.Code, StringComparison.Ordinal))
            .Select(u => new StaffMember(u.Username, u.DisplayName.Length > 0 ? u.DisplayName : u.Username, [.. u.Roles]))
            .ToImmutableArray();
        var grain = grains.GetGrain<IDepartmentGrain>(department.Code);
        try
        {
            var current = await grain.GetAsync(Actor.System);
            if (current.Name == department.Name && SameStaff(current.Staff, staff))
            {
                return;
            }
        }
        catch (NotFoundException)
        {
        }

        await grain.ConfigureAsync(new DepartmentDefinition(department.Code, department.Name, staff), Actor.System);
        LogDepartmentConfigured(logger, department.Code, staff.Length);
    }

    private async Task SeedCaseTypeAsync(string code, CaseTypeDraft draft)
    {
        var grain = grains.GetGrain<ICaseTypeGrain>(code);
        var versions = await grain.GetVersionsAsync();
        if (!versions.IsDefault && versions.Any(v => v.Status == CaseTypeStatus.Published))
        {
            return;
        }

        await grain.SaveDraftAsync(draft, Actor.System);
        var published = await grain.PublishAsync(Actor.System);
        LogCaseTypePublished(logger, code, published.Version);
    }

    private static bool SameStaff(ImmutableArray<StaffMember> left, ImmutableArray<StaffMember> right) =>
        left.Length == right.Length && left.Zip(right).All(p =>
            p.First.UserId == p.Second.UserId && p.First.DisplayName == p.Second.DisplayName && p.First.Roles.SequenceEqual(p.Second.Roles));

    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Sample municipality seeded: {DepartmentCount} departments, workflow version {WorkflowVersion}")]
    private static partial void LogSeeded(ILogger logger, int departmentCount, int workflowVersion);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Department {Department} configured with {StaffCount} staff")]
    private static partial void LogDepartmentConfigured(ILogger logger, string department, int staffCount);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "Case type {CaseTypeCode} published as version {Version}")]
    private static partial void LogCaseTypePublished(ILogger logger, string caseTypeCode, int version);
}
