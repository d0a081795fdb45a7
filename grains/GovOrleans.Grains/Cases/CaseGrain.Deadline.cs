using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Runtime.Abstractions.Reminders;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Grains.Cases;

public sealed partial class CaseGrain
{
    /// <summary>The durable reminder that escalates a missed deadline; it survives silo restarts in the reminder table.</summary>
    public const string DeadlineReminderName = "deadline";

    private static readonly Actor s_deadlineActor = new("system:deadline", [Roles.System], null, []);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeadlineReminderName)
        {
            return;
        }

        var current = state.State;
        if (!current.Submitted || current.ClosedAt is not null || current.DeadlineBreached || current.SuspendedAt is not null)
        {
            await DisarmDeadlineAsync();
            return;
        }

        var now = time.GetUtcNow();
        if (now < current.DueAt)
        {
            return;
        }

        current.DeadlineBreached = true;
        current.Version++;
        AddHistory(now, s_deadlineActor, "deadline-breached", current.Status, current.Status, null);
        Emit(CaseEventType.DeadlineBreached, now, null);
        await WriteAsync();
        LogDeadlineBreached(logger, GetPrimaryKeyString(), current.Department);
        await DisarmDeadlineAsync();
        await DispatchPendingAsync();
    }

    /// <summary>Registers (or moves) the deadline reminder to the current due time; it repeats every escalation period until handled.</summary>
    private async Task ArmDeadlineAsync()
    {
        var current = state.State;
        if (current.DeadlineBreached || current.ClosedAt is not null)
        {
            return;
        }

        var dueIn = current.DueAt - time.GetUtcNow();
        var period = TimeSpan.FromMinutes(Math.Max(1, current.ReminderPeriodMinutes));
        await RegisterOrUpdateReminderAsync(DeadlineReminderName, dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn, period);
    }

    /// <summary>
    /// Re-registers the deadline reminder of an open case when it is missing (e.g. registering it failed after the case was
    /// stored); a failure here is logged and tried again on the next activation.
    /// </summary>
    private async Task EnsureDeadlineArmedAsync()
    {
        var current = state.State;
        if (!current.Submitted || current.ClosedAt is not null || current.DeadlineBreached || current.SuspendedAt is not null)
        {
            return;
        }

        try
        {
            if (await GetReminderAsync(DeadlineReminderName) is null)
            {
                await ArmDeadlineAsync();
            }
        }
        catch (Exception ex)
        {
            LogDeadlineArmFailed(logger, ex, GetPrimaryKeyString());
        }
    }

    private async Task DisarmDeadlineAsync()
    {
        if (await GetReminderAsync(DeadlineReminderName) is { } reminder)
        {
            await UnregisterReminderAsync(reminder);
        }
    }

    [LoggerMessage(EventId = 3421, Level = LogLevel.Warning, Message = "Checking the deadline reminder of case {CaseId} failed")]
    private static partial void LogDeadlineArmFailed(ILogger logger, Exception exception, string caseId);

    [LoggerMessage(EventId = 3420, Level = LogLevel.Warning, Message = "Case {CaseId} of {Department} passed its deadline")]
    private static partial void LogDeadlineBreached(ILogger logger, string caseId, string department);
}
