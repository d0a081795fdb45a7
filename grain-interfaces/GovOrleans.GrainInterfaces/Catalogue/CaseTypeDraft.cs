using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Catalogue;

/// <summary>What an operator supplies for a new case-type version.</summary>
public sealed record CaseTypeDraft(
    string Title,
    string Description,
    ImmutableArray<FormField> Fields,
    string WorkflowId,
    int WorkflowVersion,
    int LeadTimeDays,
    Confidentiality Confidentiality,
    int RetentionYears,
    string DefaultDepartment,
    ImmutableArray<RoutingRule> RoutingRules);
