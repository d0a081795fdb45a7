using GovOrleans.Runtime.Abstractions.Reminders;

namespace GovOrleans.Runtime.Reminders;

/// <summary>A reminder handle carrying the row version it was read or written at.</summary>
internal sealed record GrainReminder(string ReminderName, string ETag, DateTimeOffset StartAt, TimeSpan Period) : IGrainReminder;
