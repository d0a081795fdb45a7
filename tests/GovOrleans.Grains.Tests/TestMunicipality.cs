using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.GrainInterfaces.Workflows;
using GovOrleans.Grains.Cases;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Grains.Tests;

/// <summary>
/// A small municipality for tests: two departments (each with two caseworkers and an admin), a permit workflow, a
/// parking-permit case type routed by district (Internal) and the same form as a CaseConfidential case type.
/// </summary>
public static class TestMunicipality
{
    public const string CaseType = "parking-permit";
    public const string ConfidentialCaseType = "confidential-permit";
    public const string Workflow = "permit";
    public const string North = "north";
    public const string South = "south";
    public const int LeadTimeDays = 14;

    public static Actor Operator { get; } = new("op-1", [Roles.Operator], null, []);

    public static Actor Citizen(string id) => new(id, [Roles.Citizen], null, []);

    public static Actor Caseworker(string department, string? id = null) => new(id ?? $"cw-{department}", [Roles.Caseworker], department, []);

    public static Actor Admin(string department) => new($"admin-{department}", [Roles.DepartmentAdmin], department, []);

    public static Actor System(string department, params string[] scopes) => new($"sys-{department}", [Roles.System], department, [.. scopes]);

    public static WorkflowDefinition PermitWorkflow(int version = 1) => new(
        Workflow,
        version,
        "Permit",
        "received",
        [
            new WorkflowState("received", "Received", "Received"),
            new WorkflowState("in-review", "In review", "Being assessed"),
            new WorkflowState("decided", "Decided", "Decision made", IsFinal: true),
            new WorkflowState("withdrawn", "Withdrawn", "Withdrawn", IsFinal: true),
        ],
        [
            new WorkflowTransition("start-review", "received", "in-review", [Roles.Caseworker, Roles.DepartmentAdmin, Roles.System]),
            new WorkflowTransition("decide", "in-review", "decided", [Roles.Caseworker, Roles.DepartmentAdmin], ["decision", "motivation"]),
            new WorkflowTransition("withdraw", "received", "withdrawn", [Roles.Citizen, Roles.Operator]),
        ],
        new EscalationRule(Roles.DepartmentAdmin, ReminderPeriodMinutes: 60));

    public static CaseTypeDraft ParkingPermit(string title = "Parking permit", Confidentiality confidentiality = Confidentiality.Internal) => new(
        title,
        "A resident's parking permit.",
        [
            new FormField("district", "District", FieldType.Choice, Required: true, Options: [North, South]),
            new FormField("plate", "Licence plate", FieldType.Text, Required: true, MaxLength: 10, Pattern: "^[A-Z0-9-]{1,10}$"),
            new FormField("persons", "Persons in household", FieldType.Number, Min: 1, Max: 10),
            new FormField("startDate", "Start date", FieldType.Date, Min: 0, Max: 90),
            new FormField("email", "E-mail", FieldType.Email, Required: true),
            new FormField("agree", "I agree", FieldType.Boolean, Required: true),
        ],
        Workflow,
        1,
        LeadTimeDays,
        confidentiality,
        7,
        North,
        [new RoutingRule("district", "SOUTH", South)]);

    public static ImmutableDictionary<string, string> ValidData(string district = North) => new Dictionary<string, string>
    {
        ["district"] = district,
        ["plate"] = "AB-123",
        ["persons"] = "2",
        ["startDate"] = "2026-01-10",
        ["email"] = "resident@example.org",
        ["agree"] = "true",
    }.ToImmutableDictionary();

    public static async Task SeedAsync(IGrainFactory grains)
    {
        foreach (var code in new[] { North, South })
        {
            await grains.GetGrain<IDepartmentGrain>(code).ConfigureAsync(
                new DepartmentDefinition(
                    code,
                    $"Permits {code}",
                    [
                        new StaffMember($"cw-{code}", "Caseworker", [Roles.Caseworker]),
                        new StaffMember($"cw2-{code}", "Second caseworker", [Roles.Caseworker]),
                        new StaffMember($"admin-{code}", "Admin", [Roles.DepartmentAdmin]),
                    ]),
                Operator);
        }

        await grains.GetGrain<IWorkflowGrain>(Workflow).AddVersionAsync(PermitWorkflow(), Operator);
        await PublishAsync(grains, CaseType, ParkingPermit());
        await PublishAsync(grains, ConfidentialCaseType, ParkingPermit("Confidential permit", Confidentiality.CaseConfidential));
    }

    /// <summary>A silo of its own on a fake clock, with memory storage, in-memory reminders, <paramref name="sink"/> and this municipality.</summary>
    public static async Task<InProcessTestCluster> StartSeededClusterAsync(FakeTimeProvider time, RecordingSink sink)
    {
        var cluster = await new InProcessTestClusterBuilder()
            .UseTimeProvider(time)
            .ConfigureSilo(silo => silo.AddMemoryGrainStorage().UseInMemoryReminderTable().AddCaseManagement())
            .ConfigureServices(services => services.AddSingleton<ICaseEventSink>(sink))
            .BuildAndStartAsync();
        await SeedAsync(cluster.GrainFactory);
        return cluster;
    }

    public static Task<CaseView> SubmitAsync(IGrainFactory grains, string caseId, string citizenId, string district = North, string caseType = CaseType) =>
        grains.GetGrain<ICaseGrain>(caseId).SubmitAsync(new SubmitCase(caseType, ValidData(district)), Citizen(citizenId));

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static async Task PublishAsync(IGrainFactory grains, string code, CaseTypeDraft draft)
    {
        var caseType = grains.GetGrain<ICaseTypeGrain>(code);
        var saved = await caseType.SaveDraftAsync(draft, Operator);
        if (saved.Status == CaseTypeStatus.Draft)
        {
            await caseType.PublishAsync(Operator);
        }
    }
}
