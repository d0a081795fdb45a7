using GovOrleans.GrainInterfaces.Departments;

namespace GovOrleans.Grains.Departments;

/// <summary>Stored state of <see cref="DepartmentGrain"/>.</summary>
public sealed class DepartmentState
{
    public bool Configured { get; set; }

    public string Name { get; set; } = string.Empty;

    public List<StaffMember> Staff { get; set; } = [];

    public int SlaWarningDays { get; set; } = 2;

    /// <summary>Open cases by case id; each entry's case version de-duplicates that case's late or repeated events.</summary>
    public Dictionary<string, DepartmentQueueEntry> Queue { get; set; } = [];

    /// <summary>
    /// Ids of the most recently closed cases, oldest first (bounded): closing is final, so any later-delivered event
    /// of these cases is ignored. Older closed cases are forgotten to keep the state bounded.
    /// </summary>
    public List<string> RecentlyClosed { get; set; } = [];

    public int ClosedCount { get; set; }

    /// <summary>The configuration version.</summary>
    public int Version { get; set; }

    /// <summary>The number of applied case events.</summary>
    public int QueueVersion { get; set; }
}
