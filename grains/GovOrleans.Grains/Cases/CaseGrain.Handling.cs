using System.Globalization;
using System.Text.RegularExpressions;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.GrainInterfaces.Workflows;
using GovOrleans.Grains.Common;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Grains.Cases;

public sealed partial class CaseGrain
{
    private const int MaxTransitionFields = 50;
    private const int MaxFieldValueLength = 4000;
    private const int MaxDocuments = 200;
    private const long MaxDocumentBytes = 2L * 1024 * 1024 * 1024;

    public async Task<CaseView> TransitionAsync(CaseTransition transition, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(transition);
        RequireAccess(actor, Scopes.CasesTransition);
        RequireVersion(transition.ExpectedVersion);
        RequireOpen();
        var current = state.State;
        var workflow = await GetWorkflowAsync();
        var step = workflow.Transitions.FirstOrDefault(t => t.Name == transition.Name && t.From == current.Status);
        if (step is null)
        {
            throw workflow.Transitions.Any(t => t.Name == transition.Name)
                ? new ConflictException("The transition is not available in the case's current status.")
                : new RuleViolationException("Unknown transition.", [new FieldError("name", "The workflow has no transition with this name.")]);
        }

        if (!step.AllowedRoles.Any(actor.IsInRole))
        {
            throw new ForbiddenException("The caller's roles may not apply this transition.");
        }

        var fields = transition.Fields ?? [];
        var errors = ValidateTransitionFields(step, fields, transition.Reason);
        if (errors.Count > 0)
        {
            throw new RuleViolationException("The transition is missing required values.", [.. errors]);
        }

        var now = time.GetUtcNow();
        var target = workflow.States.First(s => s.Code == step.To);
        var from = current.Status;
        SetStatus(target, now);
        foreach (var (name, value) in fields)
        {
            current.Decisions[name] = value;
        }

        current.Version++;
        AddHistory(now, actor, step.Name, from, target.Code, transition.Reason);
        if (target.IsFinal)
        {
            current.ClosedAt = now;
            current.SuspendedAt = null;
        }

        Emit(CaseEventType.StatusChanged, now, step.Name);
        if (target.IsFinal)
        {
            Emit(CaseEventType.Closed, now, target.Code);
        }

        await WriteAsync();
        LogTransitioned(logger, GetPrimaryKeyString(), step.Name, current.Version);
        if (target.IsFinal)
        {
            await DisarmDeadlineAsync();
        }
        else if (current.SuspendedAt is null)
        {
            // The new status may have an SLA of its own (or none): the reminder moves to the nearest deadline.
            await ArmDeadlineAsync();
        }

        await DispatchPendingAsync();
        return ToView();
    }

    public async Task<CaseView> AssignAsync(string assignee, int? expectedVersion, Actor actor)
    {
        RequireHandlerAccess(actor);
        RequireVersion(expectedVersion);
        RequireOpen();
        var current = state.State;
        if (string.IsNullOrWhiteSpace(assignee)
            || assignee.Length > 128
            || !await GrainFactory.GetGrain<IDepartmentGrain>(current.Department).HasStaffAsync(assignee, Roles.Caseworker))
        {
            throw new RuleViolationException("The assignee is not valid.", [new FieldError("assignee", "Must be a caseworker of the case's department.")]);
        }

        if (current.AssignedTo == assignee)
        {
            return ToView();
        }

        var now = time.GetUtcNow();
        current.AssignedTo = assignee;
        current.Version++;
        AddHistory(now, actor, "assigned", current.Status, current.Status, null);
        Emit(CaseEventType.Assigned, now, null);
        await WriteAsync();
        await DispatchPendingAsync();
        return ToView();
    }

    public async Task<CaseView> SuspendAsync(string reason, int? expectedVersion, Actor actor)
    {
        RequireHandlerAccess(actor);
        RequireVersion(expectedVersion);
        RequireOpen();
        RequireReason(reason);
        var current = state.State;
        if (current.SuspendedAt is not null)
        {
            throw new ConflictException("The case is already suspended.");
        }

        var now = time.GetUtcNow();
        current.SuspendedAt = now;
        current.Version++;
        AddHistory(now, actor, "suspended", current.Status, current.Status, reason);
        Emit(CaseEventType.Suspended, now, null);
        await WriteAsync();
        await DisarmDeadlineAsync();
        await DispatchPendingAsync();
        return ToView();
    }

    public async Task<CaseView> ResumeAsync(int? expectedVersion, Actor actor)
    {
        RequireHandlerAccess(actor);
        RequireVersion(expectedVersion);
        RequireOpen();
        var current = state.State;
        if (current.SuspendedAt is not { } suspendedAt)
        {
            throw new ConflictException("The case is not suspended.");
        }

        var now = time.GetUtcNow();
        var suspended = now - suspendedAt;
        current.SuspendedAt = null;
        current.DueAt += suspended;
        current.StatusDueAt += suspended;
        current.Version++;
        AddHistory(now, actor, "resumed", current.Status, current.Status, null);
        Emit(CaseEventType.Resumed, now, ((long)suspended.TotalMinutes).ToString(CultureInfo.InvariantCulture));
        await WriteAsync();
        await ArmDeadlineAsync();
        await DispatchPendingAsync();
        return ToView();
    }

    public async Task<CaseView> ExtendAsync(int days, string reason, int? expectedVersion, Actor actor)
    {
        RequireHandlerAccess(actor);
        RequireVersion(expectedVersion);
        RequireOpen();
        var errors = new List<FieldError>();
        if (days is < 1 or > 365)
        {
            errors.Add(new("days", "Must be between 1 and 365."));
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            errors.Add(new("reason", $"A reason of 1 to {MaxReasonLength} characters is required."));
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException("The extension is invalid.", [.. errors]);
        }

        var current = state.State;
        var now = time.GetUtcNow();
        current.DueAt = current.DueAt.AddDays(days);
        current.Version++;
        AddHistory(now, actor, "extended", current.Status, current.Status, reason);
        Emit(CaseEventType.Extended, now, days.ToString(CultureInfo.InvariantCulture));
        await WriteAsync();
        if (current.SuspendedAt is null)
        {
            await ArmDeadlineAsync();
        }

        await DispatchPendingAsync();
        return ToView();
    }

    public async Task<CaseView> AddDocumentAsync(DocumentMetadata document, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(document);
        RequireAccess(actor, Scopes.CasesTransition);
        RequireOpen();
        var errors = ValidateDocument(document);
        if (errors.Count > 0)
        {
            throw new RuleViolationException("The document metadata is invalid.", [.. errors]);
        }

        var current = state.State;
        if (current.Documents.Any(d => d.Id == document.Id))
        {
            throw new ConflictException("A document with this id is already on the case.");
        }

        if (current.Documents.Count >= MaxDocuments)
        {
            throw new RuleViolationException("Too many documents.", [new FieldError("document", $"A case holds at most {MaxDocuments} documents.")]);
        }

        var now = time.GetUtcNow();
        current.Documents.Add(document with { Sha256 = document.Sha256.ToLowerInvariant(), AddedAt = now, AddedBy = actor.Subject });
        current.Version++;
        AddHistory(now, actor, "document-added", current.Status, current.Status, null);
        Emit(CaseEventType.DocumentAdded, now, document.Id);
        await WriteAsync();
        await DispatchPendingAsync();
        return ToView();
    }

    private async Task<WorkflowDefinition> GetWorkflowAsync() =>
        _workflow ??= await GrainFactory.GetGrain<IWorkflowGrain>(state.State.WorkflowId).GetVersionAsync(state.State.WorkflowVersion);

    private static List<FieldError> ValidateTransitionFields(WorkflowTransition step, IReadOnlyDictionary<string, string> fields, string? reason)
    {
        var errors = new List<FieldError>();
        if (fields.Count > MaxTransitionFields)
        {
            errors.Add(new("fields", $"At most {MaxTransitionFields} values."));
            return errors;
        }

        foreach (var (name, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!Names.IsFieldName(name))
            {
                errors.Add(new("fields", "Field names must start with a letter and hold only letters, digits and underscores."));
            }
            else if (value is not null && value.Length > MaxFieldValueLength)
            {
                errors.Add(new($"fields.{name}", $"Must be at most {MaxFieldValueLength} characters."));
            }
        }

        foreach (var required in step.RequiredFields.IsDefault ? [] : step.RequiredFields)
        {
            if (!fields.TryGetValue(required, out var value) || string.IsNullOrWhiteSpace(value))
            {
                errors.Add(new($"fields.{required}", "Is required for this transition."));
            }
        }

        if (reason is { Length: > MaxReasonLength })
        {
            errors.Add(new("reason", $"Must be at most {MaxReasonLength} characters."));
        }

        return errors;
    }

    private static void RequireReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            throw new RuleViolationException("A reason is required.", [new FieldError("reason", $"A reason of 1 to {MaxReasonLength} characters is required.")]);
        }
    }

    private static List<FieldError> ValidateDocument(DocumentMetadata document)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(document.Id) || !DocumentId().IsMatch(document.Id))
        {
            errors.Add(new("id", "An id of 1 to 64 letters, digits, dashes or underscores is required."));
        }

        if (string.IsNullOrWhiteSpace(document.FileName)
            || document.FileName.Length > 255
            || document.FileName.IndexOfAny(['/', '\\']) >= 0
            || document.FileName.Any(char.IsControl))
        {
            errors.Add(new("fileName", "A file name of 1 to 255 characters without path separators is required."));
        }

        if (string.IsNullOrEmpty(document.ContentType) || document.ContentType.Length > 127 || !ContentType().IsMatch(document.ContentType))
        {
            errors.Add(new("contentType", "Must be a media type such as application/pdf."));
        }

        if (document.SizeBytes is < 1 or > MaxDocumentBytes)
        {
            errors.Add(new("sizeBytes", $"Must be between 1 and {MaxDocumentBytes}."));
        }

        if (string.IsNullOrEmpty(document.Sha256) || !Sha256().IsMatch(document.Sha256))
        {
            errors.Add(new("sha256", "Must be 64 hexadecimal characters."));
        }

        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentId();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContentType();

    [GeneratedRegex("^[0-9A-Fa-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256();

    [LoggerMessage(EventId = 3410, Level = LogLevel.Information, Message = "Case {CaseId} took transition {Transition} (version {Version})")]
    private static partial void LogTransitioned(ILogger logger, string caseId, string transition, int version);
}
