using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Catalogue;

/// <summary>One version of a case type.</summary>
public sealed record CaseTypeDefinition(
    string Code,
    int Version,
    CaseTypeStatus Status,
    string Title,
    string Description,
    ImmutableArray<FormField> Fields,
    string WorkflowId,
    int WorkflowVersion,
    int LeadTimeDays,
    Confidentiality Confidentiality,
    int RetentionYears,
    string DefaultDepartment,
    ImmutableArray<RoutingRule> RoutingRules,
    DateTimeOffset? PublishedAt);
