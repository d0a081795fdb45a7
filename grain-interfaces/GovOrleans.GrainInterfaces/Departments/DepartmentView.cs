using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Departments;

/// <summary>A department with its live counters.</summary>
/// <param name="Code">Stable code, e.g. <c>permits</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Staff">Staff and their roles.</param>
/// <param name="SlaWarningDays">Days before a deadline at which the queue flags a case as due soon.</param>
/// <param name="Counters">Live counters of the department's work.</param>
/// <param name="Version">The configuration version; increases with every configuration change.</param>
/// <param name="QueueVersion">Increases with every applied case event, i.e. every change of the queue or counters.</param>
public sealed record DepartmentView(
    string Code, string Name, ImmutableArray<StaffMember> Staff, int SlaWarningDays, DepartmentCounters Counters, int Version, int QueueVersion);
