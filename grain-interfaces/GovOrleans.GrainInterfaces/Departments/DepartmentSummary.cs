namespace GovOrleans.GrainInterfaces.Departments;

/// <summary>A department in the directory.</summary>
public sealed record DepartmentSummary(string Code, string Name);
