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
        if (!current.Submitted || current.ClosedAt is not null || current.SuspendedAt is not null || NextDeadline() is null)
        {
            await DisarmDeadlineAsync();
            return;
        }

        var now = time.GetUtcNow();

        // The tick was scheduled for a deadline; a timer that fires a millisecond early must not make it wait a period.
        var reached = status.CurrentTickTime > now ? status.CurrentTickTime : now;
        var statusBreached = !current.StatusDeadlineBreached && current.StatusDueAt <= reached;
        var caseBreached = !current.DeadlineBreached && current.DueAt <= reached;
        if (!statusBreached && !caseBreached)
        {
            return;
        }

        current.Version++;
        if (statusBreached)
        {
            current.StatusDeadlineBreached = true;
            AddHistory(now, s_deadlineActor, "status-deadline-breached", current.Status, current.Status, null);
            Emit(CaseEventType.StatusDeadlineBreached, now, current.Status);
        }

        if (caseBreached)
        {
            current.DeadlineBreached = true;
            AddHistory(now, s_deadlineActor, "deadline-breached", current.Status, current.Status, null);
            Emit(CaseEventType.DeadlineBreached, now, null);
        }

        await WriteAsync();
        if (caseBreached)
        {
            LogDeadlineBreached(logger, GetPrimaryKeyString(), current.Department);
        }
        else
        {
            LogStatusDeadlineBreached(logger, GetPrimaryKeyString(), current.Department, current.Status);
        }

        await ArmDeadlineAsync();
        await DispatchPendingAsync();
    }

    /// <summary>The nearest deadline not yet breached: the case's, or its current status's; null when none is left.</summary>
    private DateTimeOffset? NextDeadline()
    {
        var current = state.State;
        DateTimeOffset? caseDue = current.DeadlineBreached ? null : current.DueAt;
        var statusDue = current.StatusDeadlineBreached ? null : current.StatusDueAt;
        return caseDue is { } c && statusDue is { } s ? (c < s ? c : s) : caseDue ?? statusDue;
    }

    /// <summary>
    /// Registers (or moves) the deadline reminder to the nearest deadline not yet breached, or removes it when none is
    /// left; it repeats every escalation period until handled.
    /// </summary>
    private async Task ArmDeadlineAsync()
    {
        var current = state.State;
        if (current.ClosedAt is not null || NextDeadline() is not { } next)
        {
            await DisarmDeadlineAsync();
            return;
        }

        var dueIn = next - time.GetUtcNow();
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
        if (!current.Submitted || current.ClosedAt is not null || current.SuspendedAt is not null || NextDeadline() is null)
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

    [LoggerMessage(EventId = 3422, Level = LogLevel.Warning, Message = "Case {CaseId} of {Department} stayed in status {Status} longer than its SLA")]
    private static partial void LogStatusDeadlineBreached(ILogger logger, string caseId, string department, string status);
}
