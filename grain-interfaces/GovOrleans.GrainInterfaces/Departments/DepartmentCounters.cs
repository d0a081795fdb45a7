namespace GovOrleans.GrainInterfaces.Departments;

/// <summary>Live counters of a department's work.</summary>
public sealed record DepartmentCounters(int Open, int Unassigned, int Breached, int Closed);
