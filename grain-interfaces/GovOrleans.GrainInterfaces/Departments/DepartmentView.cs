using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Departments;

/// <summary>A department with its live counters.</summary>
public sealed record DepartmentView(string Code, string Name, ImmutableArray<StaffMember> Staff, int SlaWarningDays, DepartmentCounters Counters, int Version);
