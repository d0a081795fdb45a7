using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.GrainInterfaces.Workflows;

namespace GovOrleans.Gateway.Seeding;

/// <summary>The sample municipality: four departments, the standard workflow and three published case types.</summary>
internal static class SampleMunicipality
{
    public const string StandardWorkflow = "standard";

    /// <summary>Department codes and names.</summary>
    public static readonly ImmutableArray<DepartmentSummary> Departments =
    [
        new("permits", "Permits and licences"),
        new("parks-north", "Parks and green spaces, North district"),
        new("parks-south", "Parks and green spaces, South district"),
        new("civil-registry", "Civil registry"),
    ];

    /// <summary>intake → in-review → decided (final) or rejected (final); deciding needs a <c>decision</c> field.</summary>
    public static WorkflowDefinition Standard { get; } = new(
        StandardWorkflow,
        1,
        "Standard intake, review and decision",
        "intake",
        [
            new("intake", "Intake", "Received", SlaDays: 5),
            new("in-review", "In review", "Being reviewed"),
            new("decided", "Decided", "Decision made", IsFinal: true),
            new("rejected", "Rejected", "Not granted", IsFinal: true),
        ],
        [
            new("start-review", "intake", "in-review", [Roles.Caseworker, Roles.DepartmentAdmin, Roles.System], []),
            new("reject", "intake", "rejected", [Roles.Caseworker, Roles.DepartmentAdmin], ["decision"]),
            new("decide", "in-review", "decided", [Roles.Caseworker, Roles.DepartmentAdmin], ["decision"]),
            new("reject", "in-review", "rejected", [Roles.Caseworker, Roles.DepartmentAdmin], ["decision"]),
        ],
        new EscalationRule(Roles.DepartmentAdmin, ReminderPeriodMinutes: 60));

    /// <summary>The case types, keyed by code, for a given standard-workflow version.</summary>
    public static ImmutableArray<(string Code, CaseTypeDraft Draft)> CaseTypes(int workflowVersion) =>
    [
        ("parking-permit", new CaseTypeDraft(
            "Parking permit",
            "A resident's parking permit for one vehicle in a parking zone.",
            [
                new("licencePlate", "Licence plate", FieldType.Text, Required: true, MaxLength: 10, Pattern: "^[A-Z0-9]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3}$", Options: []),
                new("zone", "Parking zone", FieldType.Choice, Required: true, Options: ["A", "B", "C"]),
                new("startDate", "Start date", FieldType.Date, Required: true, Min: 0, Max: 365, Options: []),
                new("months", "Duration in months", FieldType.Number, Required: true, Min: 1, Max: 12, Options: []),
                new("email", "E-mail for the permit", FieldType.Email, Options: []),
            ],
            StandardWorkflow,
            workflowVersion,
            LeadTimeDays: 14,
            Confidentiality.Internal,
            RetentionYears: 7,
            "permits",
            [])),
        ("tree-removal", new CaseTypeDraft(
            "Tree removal",
            "Permission to remove trees on private land; handled by the parks department of the district.",
            [
                new("district", "District", FieldType.Choice, Required: true, Options: ["north", "south"]),
                new("address", "Address of the trees", FieldType.Text, Required: true, MaxLength: 200, Options: []),
                new("treeCount", "Number of trees", FieldType.Number, Required: true, Min: 1, Max: 50, Options: []),
                new("reason", "Reason", FieldType.Text, MaxLength: 1000, Options: []),
            ],
            StandardWorkflow,
            workflowVersion,
            LeadTimeDays: 28,
            Confidentiality.Public,
            RetentionYears: 10,
            "parks-north",
            [new("district", "north", "parks-north"), new("district", "south", "parks-south")])),
        ("address-change", new CaseTypeDraft(
            "Change of address",
            "Report a move to a new address in the municipality.",
            [
                new("street", "Street and number", FieldType.Text, Required: true, MaxLength: 200, Options: []),
                new("postcode", "Postcode", FieldType.Text, Required: true, Pattern: "^[0-9]{4} ?[A-Z]{2}$", Options: []),
                new("moveDate", "Moving date", FieldType.Date, Required: true, Min: -30, Max: 90, Options: []),
                new("householdSize", "People moving", FieldType.Number, Required: true, Min: 1, Max: 20, Options: []),
            ],
            StandardWorkflow,
            workflowVersion,
            LeadTimeDays: 5,
            Confidentiality.CaseConfidential,
            RetentionYears: 20,
            "civil-registry",
            [])),
    ];
}
