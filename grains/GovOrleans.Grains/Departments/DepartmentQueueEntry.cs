using GovOrleans.GrainInterfaces.Catalogue;

namespace GovOrleans.Grains.Departments;

/// <summary>An open case in a department's work queue, as of the case's <see cref="CaseVersion"/>.</summary>
public sealed class DepartmentQueueEntry
{
    public string CaseId { get; set; } = string.Empty;

    public string CaseTypeCode { get; set; } = string.Empty;

    /// <summary>
    /// The case's level; null for entries stored before it was recorded, which count as parties-only (fail closed)
    /// until the case's next event rewrites the entry.
    /// </summary>
    public Confidentiality? Confidentiality { get; set; }

    public string Status { get; set; } = string.Empty;

    public string? AssignedTo { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public bool DeadlineBreached { get; set; }

    public int CaseVersion { get; set; }
}
