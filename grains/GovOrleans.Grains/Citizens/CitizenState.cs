using GovOrleans.GrainInterfaces.Citizens;

namespace GovOrleans.Grains.Citizens;

/// <summary>Stored state of <see cref="CitizenGrain"/>.</summary>
public sealed class CitizenState
{
    public string DisplayName { get; set; } = string.Empty;

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public List<string> PreferredChannels { get; set; } = [];

    public bool ConsentToNotifications { get; set; }

    /// <summary>Own case ids, oldest first.</summary>
    public List<string> CaseIds { get; set; } = [];

    /// <summary>Notifications, oldest first (bounded).</summary>
    public List<Notification> Inbox { get; set; } = [];

    /// <summary>The citizen's view of applied case events, oldest first (bounded), replayed to event streams that reconnect.</summary>
    public List<CitizenCaseUpdate> RecentUpdates { get; set; } = [];

    /// <summary>Ids of applied case events, oldest first (bounded), so a redelivered event is applied once.</summary>
    public List<Guid> AppliedEventIds { get; set; } = [];

    public int Version { get; set; }
}
