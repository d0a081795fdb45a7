namespace GovOrleans.Runtime.Reminders;

/// <summary>Reminder scheduling options.</summary>
public sealed class ReminderOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo:Reminders";

    /// <summary>The shortest period a reminder may have; shorter schedules belong in grain timers.</summary>
    /// <value>1 minute.</value>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the silo re-reads the reminder table to pick up changes made elsewhere.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan RefreshReminderListPeriod { get; set; } = TimeSpan.FromMinutes(5);
}
