using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Workflows;
using GovOrleans.Grains.Common;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Reminders;
using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Abstractions.Timers;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Grains.Cases;

/// <summary>
/// One case: submission (validated against the case type's published form and routed to a department), workflow
/// transitions, assignment, deadlines with a durable breach reminder, documents, and an outbox of case events written
/// with every change. Partial files: <c>.Handling</c> (changes after submission), <c>.Deadline</c>, <c>.Outbox</c>, <c>.Access</c>.
/// </summary>
public sealed partial class CaseGrain(
    [PersistentState("case")] IPersistentState<CaseState> state,
    TimeProvider time,
    IEnumerable<ICaseEventSink> sinks,
    ILogger<CaseGrain> logger) : Grain, ICaseGrain, IRemindable
{
    private const int MaxReasonLength = 1000;

    private readonly ICaseEventSink[] _sinks = [.. sinks];
    private WorkflowDefinition? _workflow;
    private IGrainTimer? _outboxTimer;
    private CaseView? _view;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await EnsureDeadlineArmedAsync();
        if (state.State.PendingEvents.Count > 0)
        {
            // Events stored before they carried the level have none; a case's level never changes after submission, so
            // they are given the case's own before the lists that hide confidential cases receive them.
            foreach (var pending in state.State.PendingEvents)
            {
                pending.Event = pending.Event with { Confidentiality = state.State.Confidentiality };
            }

            await DispatchPendingAsync();
        }
    }

    public async Task<CaseView> SubmitAsync(SubmitCase command, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        var current = state.State;
        if (current.Submitted)
        {
            RequireAccess(actor, Scopes.CasesRead);
            return command.RequestFingerprint is not null
                && string.Equals(command.RequestFingerprint, current.RequestFingerprint, StringComparison.Ordinal)
                && ActorAccess.IsCitizen(actor, current.CitizenId)
                ? ToView()
                : throw new ConflictException("A case with this id already exists.");
        }

        if (!actor.IsInRole(Roles.Citizen) || string.IsNullOrWhiteSpace(actor.Subject))
        {
            throw new ForbiddenException("Only citizens submit cases.");
        }

        var caseType = await GetCaseTypeAsync(command.CaseTypeCode);
        var now = time.GetUtcNow();
        var errors = CaseFormValidator.Validate(caseType.Fields, command.Data, DateOnly.FromDateTime(now.UtcDateTime), out var data);
        if (errors.Count > 0)
        {
            throw new RuleViolationException("The submitted data is invalid.", [.. errors]);
        }

        var workflow = await GrainFactory.GetGrain<IWorkflowGrain>(caseType.WorkflowId).GetVersionAsync(caseType.WorkflowVersion);
        var initial = workflow.States.First(s => s.Code == workflow.InitialState);
        _workflow = workflow;
        current.Submitted = true;
        current.CaseTypeCode = caseType.Code;
        current.CaseTypeVersion = caseType.Version;
        current.CaseTypeTitle = caseType.Title;
        current.Confidentiality = caseType.Confidentiality;
        current.WorkflowId = workflow.Id;
        current.WorkflowVersion = workflow.Version;
        current.ReminderPeriodMinutes = workflow.Escalation.ReminderPeriodMinutes;
        current.CitizenId = actor.Subject;
        current.Department = Route(caseType, data);
        current.Data = data;
        current.SubmittedAt = now;
        current.DueAt = now.AddDays(caseType.LeadTimeDays);
        current.RequestFingerprint = command.RequestFingerprint;
        SetStatus(initial, now);
        current.Version = 1;
        AddHistory(now, actor, "submitted", null, initial.Code, null);
        Emit(CaseEventType.CaseSubmitted, now, null);
        await WriteAsync();
        LogSubmitted(logger, GetPrimaryKeyString(), current.CaseTypeCode, current.Department);
        await ArmDeadlineAsync();
        await DispatchPendingAsync();
        return ToView();
    }

    public Task<CaseView> GetAsync(Actor actor)
    {
        RequireAccess(actor, Scopes.CasesRead);
        return Task.FromResult(ToView());
    }

    public Task<ImmutableArray<CaseHistoryEntry>> GetHistoryAsync(Actor actor)
    {
        RequireAccess(actor, Scopes.CasesRead);
        return Task.FromResult(state.State.History.ToImmutableArray());
    }

    private async Task<CaseTypeDefinition> GetCaseTypeAsync(string? code)
    {
        if (Names.IsCode(code))
        {
            try
            {
                return await GrainFactory.GetGrain<ICaseTypeGrain>(code!).GetPublishedAsync();
            }
            catch (NotFoundException)
            {
            }
        }

        throw new RuleViolationException("Unknown case type.", [new FieldError("caseTypeCode", "No published case type has this code.")]);
    }

    private static string Route(CaseTypeDefinition caseType, Dictionary<string, string> data)
    {
        foreach (var rule in caseType.RoutingRules)
        {
            if (data.TryGetValue(rule.Field, out var value) && string.Equals(value.Trim(), rule.Value, StringComparison.OrdinalIgnoreCase))
            {
                return rule.Department;
            }
        }

        return caseType.DefaultDepartment;
    }

    private void SetStatus(WorkflowState workflowState, DateTimeOffset now)
    {
        var current = state.State;
        // While suspended the clock stands still: counting from the suspension makes resuming (which shifts by the whole
        // suspension) leave the full SLA after the resume.
        current.StatusDueAt = workflowState.SlaDays is { } days && !workflowState.IsFinal ? (current.SuspendedAt ?? now).AddDays(days) : null;
        current.StatusDeadlineBreached = false;
        current.Status = workflowState.Code;
        current.StatusTitle = workflowState.Title;
        current.CitizenStatusTitle = workflowState.CitizenTitle;
    }

    private void AddHistory(DateTimeOffset at, Actor actor, string action, string? from, string? to, string? reason)
    {
        var history = state.State.History;
        history.Add(new CaseHistoryEntry(history.Count + 1, at, actor.Subject, action, from, to, reason));
    }

    /// <summary>Writes the state; on failure reloads it so the activation does not keep a change that was not stored.</summary>
    private async Task WriteAsync()
    {
        _view = null;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            LogWriteFailed(logger, ex, GetPrimaryKeyString());
            try
            {
                await state.ReadStateAsync();
            }
            catch (Exception reloadFailure)
            {
                LogWriteFailed(logger, reloadFailure, GetPrimaryKeyString());
                DeactivateOnIdle();
            }

            throw;
        }
    }

    private CaseView ToView()
    {
        if (_view is { } view)
        {
            return view;
        }

        var c = state.State;
        return _view = new CaseView(
            GetPrimaryKeyString(), c.CaseTypeCode, c.CaseTypeVersion, c.CaseTypeTitle, c.Confidentiality, c.CitizenId, c.Department,
            c.Status, c.StatusTitle, c.CitizenStatusTitle, c.AssignedTo, c.SubmittedAt, c.DueAt, c.SuspendedAt is not null,
            c.DeadlineBreached, c.Data.ToImmutableDictionary(StringComparer.Ordinal), c.Decisions.ToImmutableDictionary(StringComparer.Ordinal),
            c.ClosedAt, [.. c.Documents], c.Version, c.StatusDueAt, c.StatusDeadlineBreached);
    }

    [LoggerMessage(EventId = 3400, Level = LogLevel.Information, Message = "Case {CaseId} of type {CaseTypeCode} submitted and routed to {Department}")]
    private static partial void LogSubmitted(ILogger logger, string caseId, string caseTypeCode, string department);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Error, Message = "Writing case {CaseId} failed; the change was not applied")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string caseId);
}
