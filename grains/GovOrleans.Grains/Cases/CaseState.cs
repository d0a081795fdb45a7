using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Catalogue;

namespace GovOrleans.Grains.Cases;

/// <summary>Stored state of <see cref="CaseGrain"/>, including its outbox of events not yet delivered.</summary>
public sealed class CaseState
{
    public bool Submitted { get; set; }

    public string CaseTypeCode { get; set; } = string.Empty;

    public int CaseTypeVersion { get; set; }

    public string CaseTypeTitle { get; set; } = string.Empty;

    public Confidentiality Confidentiality { get; set; }

    public string WorkflowId { get; set; } = string.Empty;

    public int WorkflowVersion { get; set; }

    public int ReminderPeriodMinutes { get; set; } = 60;

    public string CitizenId { get; set; } = string.Empty;

    public string Department { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public string StatusTitle { get; set; } = string.Empty;

    public string CitizenStatusTitle { get; set; } = string.Empty;

    public string? AssignedTo { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? SuspendedAt { get; set; }

    public bool DeadlineBreached { get; set; }

    /// <summary>When the case must leave its current status (the workflow state's SlaDays); null when that state has none.</summary>
    public DateTimeOffset? StatusDueAt { get; set; }

    public bool StatusDeadlineBreached { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public Dictionary<string, string> Data { get; set; } = [];

    public Dictionary<string, string> Decisions { get; set; } = [];

    public List<DocumentMetadata> Documents { get; set; } = [];

    public List<CaseHistoryEntry> History { get; set; } = [];

    public string? RequestFingerprint { get; set; }

    public int Version { get; set; }

    /// <summary>The outbox: events written with the change that caused them, removed once every consumer has them.</summary>
    public List<PendingCaseEvent> PendingEvents { get; set; } = [];
}
