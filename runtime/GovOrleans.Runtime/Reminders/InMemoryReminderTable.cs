using System.Globalization;
using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Reminders;

/// <summary>A reminder table held in process memory, for tests and single-silo development.</summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    private readonly Dictionary<GrainId, Dictionary<string, ReminderEntry>> _rows = [];
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public Task InitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId)
    {
        lock (_lock)
        {
            IReadOnlyList<ReminderEntry> rows = _rows.TryGetValue(grainId, out var reminders) ? [.. reminders.Values] : [];
            return Task.FromResult(rows);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint begin, uint end)
    {
        lock (_lock)
        {
            IReadOnlyList<ReminderEntry> rows =
            [
                .. _rows.Where(grain => ReminderHashRange.Contains(begin, end, grain.Key.GetUniformHashCode()))
                    .SelectMany(grain => grain.Value.Values),
            ];
            return Task.FromResult(rows);
        }
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        lock (_lock)
        {
            var entry = _rows.TryGetValue(grainId, out var reminders) ? reminders.GetValueOrDefault(reminderName) : null;
            return Task.FromResult(entry);
        }
    }

    /// <inheritdoc />
    public Task<string> UpsertRowAsync(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (!_rows.TryGetValue(entry.GrainId, out var reminders))
            {
                reminders = [];
                _rows.Add(entry.GrainId, reminders);
            }

            var version = reminders.TryGetValue(entry.ReminderName, out var existing) && ReminderHashRange.TryParseETag(existing.ETag, out var stored)
                ? stored + 1
                : 1;
            var eTag = version.ToString(CultureInfo.InvariantCulture);
            reminders[entry.ReminderName] = entry with { ETag = eTag, LastTick = null };
            return Task.FromResult(eTag);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        lock (_lock)
        {
            if (!_rows.TryGetValue(grainId, out var reminders)
                || !reminders.TryGetValue(reminderName, out var existing)
                || !string.Equals(existing.ETag, eTag, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            reminders.Remove(reminderName);
            if (reminders.Count == 0)
            {
                _rows.Remove(grainId);
            }

            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryClaimTickAsync(GrainId grainId, string reminderName, string eTag, DateTimeOffset tickTime)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        lock (_lock)
        {
            if (!_rows.TryGetValue(grainId, out var reminders)
                || !reminders.TryGetValue(reminderName, out var existing)
                || !string.Equals(existing.ETag, eTag, StringComparison.Ordinal)
                || existing.LastTick >= tickTime)
            {
                return Task.FromResult(false);
            }

            reminders[reminderName] = existing with { LastTick = tickTime };
            return Task.FromResult(true);
        }
    }
}
