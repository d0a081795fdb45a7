using GovOrleans.Runtime.Reminders;

namespace GovOrleans.Runtime.Tests.Reminders;

public sealed class InMemoryReminderTableTests : ReminderTableConformanceTests
{
    protected override Task<IReminderTable> CreateTableAsync(string serviceId) => Task.FromResult<IReminderTable>(new InMemoryReminderTable());
}
