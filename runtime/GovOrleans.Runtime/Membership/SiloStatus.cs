namespace GovOrleans.Runtime.Membership;

/// <summary>A silo's place in its life; the codes match Orleans's so tables and dashboards read the same.</summary>
public enum SiloStatus
{
    /// <summary>No status.</summary>
    None = 0,

    /// <summary>Created, not yet in the table.</summary>
    Created = 1,

    /// <summary>In the table, not yet serving.</summary>
    Joining = 2,

    /// <summary>Serving: owns activations and reminders and accepts calls.</summary>
    Active = 3,

    /// <summary>Leaving gracefully: takes no new activations, hands over what it has.</summary>
    ShuttingDown = 4,

    /// <summary>Stopping; about to be dead.</summary>
    Stopping = 5,

    /// <summary>Final: a dead silo never serves again; if it is still running it must stop.</summary>
    Dead = 6,
}
