namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>Domain events of a case.</summary>
public enum CaseEventType
{
    /// <summary>The citizen submitted the case.</summary>
    CaseSubmitted,

    /// <summary>A workflow transition changed the status.</summary>
    StatusChanged,

    /// <summary>A caseworker was assigned.</summary>
    Assigned,

    /// <summary>The case passed its deadline.</summary>
    DeadlineBreached,

    /// <summary>Handling was suspended (the deadline stops).</summary>
    Suspended,

    /// <summary>Handling resumed (the deadline shifts by the suspension).</summary>
    Resumed,

    /// <summary>The deadline was extended.</summary>
    Extended,

    /// <summary>A document was attached.</summary>
    DocumentAdded,

    /// <summary>The case reached a final state.</summary>
    Closed,

    /// <summary>The case stayed longer in its status than the workflow allows for that status (its SlaDays).</summary>
    StatusDeadlineBreached,
}
