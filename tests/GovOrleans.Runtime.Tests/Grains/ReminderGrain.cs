using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Reminders;

namespace GovOrleans.Runtime.Tests.Grains;

public interface IReminderGrain : IGrainWithStringKey
{
    Task RegisterAsync(string name, TimeSpan dueTime, TimeSpan period);

    Task UnregisterAsync(string name);

    Task<int> ReminderCountAsync();
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

    public async Task<int> ReminderCountAsync() => (await GrainContext.GetRemindersAsync()).Count;

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        log.Record(GetPrimaryKeyString(), reminderName, status);
        return Task.CompletedTask;
    }
}
