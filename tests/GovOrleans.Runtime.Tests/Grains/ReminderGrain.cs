using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Reminders;

namespace GovOrleans.Runtime.Tests.Grains;

public interface IReminderGrain : IGrainWithStringKey
{
    Task RegisterAsync(string name, TimeSpan dueTime, TimeSpan period);

    Task UnregisterAsync(string name);

    Task<int> ReminderCountAsync();

    /// <summary>Registers twice, then unregisters with the first (stale) handle.</summary>
    Task UnregisterWithStaleHandleAsync(string name, TimeSpan dueTime, TimeSpan period);
}

public sealed class ReminderGrain(ReminderLog log) : Grain, IReminderGrain, IRemindable
{
    public Task RegisterAsync(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminderAsync(name, dueTime, period);

    public async Task UnregisterAsync(string name)
    {
        if (await GetReminderAsync(name) is { } reminder)
        {
            await UnregisterReminderAsync(reminder);
        }
    }

    public async Task UnregisterWithStaleHandleAsync(string name, TimeSpan dueTime, TimeSpan period)
    {
        var stale = await RegisterOrUpdateReminderAsync(name, dueTime, period);
        await RegisterOrUpdateReminderAsync(name, dueTime, period);
        await UnregisterReminderAsync(stale);
    }

    public async Task<int> ReminderCountAsync() => (await GrainContext.GetRemindersAsync()).Count;

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        log.Record(GetPrimaryKeyString(), reminderName, status);
        return Task.CompletedTask;
    }
}
