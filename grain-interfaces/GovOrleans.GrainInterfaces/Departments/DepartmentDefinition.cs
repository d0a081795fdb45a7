using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Departments;

/// <summary>A department's configuration.</summary>
/// <param name="Code">Stable code, e.g. <c>permits</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Staff">Staff and their roles.</param>
/// <param name="SlaWarningDays">Days before a deadline at which the queue flags a case as due soon.</param>
public sealed record DepartmentDefinition(string Code, string Name, ImmutableArray<StaffMember> Staff, int SlaWarningDays = 2);
