using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Reminders;

/// <summary>
/// The durable table of reminders. Rows are keyed by (service id, full grain id, reminder name) and carry the
/// grain's uniform hash so that a silo can load just the hash range it owns.
/// </summary>
public interface IReminderTable
{
    /// <summary>Creates the schema if needed; called once when the silo starts.</summary>
    Task InitAsync(CancellationToken cancellationToken);

    /// <summary>Every reminder of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId);

    /// <summary>
    /// Reminders whose grain hash lies in (<paramref name="begin"/>, <paramref name="end"/>]; when begin ≥ end the
    /// range wraps around zero (hash &gt; begin or ≤ end), and begin == end means the whole ring.
    /// </summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint begin, uint end);

    /// <summary>One reminder, or null.</summary>
    Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName);

    /// <summary>Inserts or replaces a reminder; returns the new ETag.</summary>
    Task<string> UpsertRowAsync(ReminderEntry entry);

    /// <summary>Deletes a reminder if its ETag still matches; returns whether a row was deleted.</summary>
    Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag);

    /// <summary>
    /// Records that the tick due at <paramref name="tickTime"/> is being delivered, unless the registration with
    /// <paramref name="eTag"/> is gone or replaced, or a tick due at or after that time was already recorded.
    /// Returns whether this caller won the tick.
    /// </summary>
    /// <remarks>
    /// While the membership changes, two silos may both hold a reminder armed for a moment; the one that records the
    /// tick first delivers it, so a membership change never delivers a tick twice. (When the claim itself fails, the silo
    /// delivers anyway: a deadline escalation must not be lost to a database blip.) Re-registering clears the record.
    /// </remarks>
    Task<bool> TryClaimTickAsync(GrainId grainId, string reminderName, string eTag, DateTimeOffset tickTime);
}
