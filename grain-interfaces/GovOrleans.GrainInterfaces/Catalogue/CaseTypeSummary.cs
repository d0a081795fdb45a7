namespace GovOrleans.GrainInterfaces.Catalogue;

/// <summary>A catalogue entry: the latest published version of a case type.</summary>
public sealed record CaseTypeSummary(string Code, string Title, int Version, int LeadTimeDays, string DefaultDepartment);
