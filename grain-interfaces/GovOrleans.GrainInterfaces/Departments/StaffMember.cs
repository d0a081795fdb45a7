using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Departments;

/// <summary>A member of a department's staff and their roles there.</summary>
public sealed record StaffMember(string UserId, string DisplayName, ImmutableArray<string> Roles);
