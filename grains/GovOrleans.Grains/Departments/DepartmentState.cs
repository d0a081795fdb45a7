using GovOrleans.GrainInterfaces.Departments;

namespace GovOrleans.Grains.Departments;

/// <summary>Stored state of <see cref="DepartmentGrain"/>.</summary>
public sealed class DepartmentState
{
    public bool Configured { get; set; }

    public string Name { get; set; } = string.Empty;

    public List<StaffMember> Staff { get; set; } = [];

    public int SlaWarningDays { get; set; } = 2;

    /// <summary>Open cases by case id.</summary>
    public Dictionary<string, DepartmentQueueEntry> Queue { get; set; } = [];

    /// <summary>The latest applied version per case (open and closed), so late or repeated events are ignored.</summary>
    public Dictionary<string, int> CaseVersions { get; set; } = [];

    public int ClosedCount { get; set; }

    public int Version { get; set; }
}
