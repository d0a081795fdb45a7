using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.Grains.Common;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Grains.Departments;

/// <summary>A department: configuration and staff, the queue of its open cases and live counters, fed by case events.</summary>
public sealed partial class DepartmentGrain(
    [PersistentState("department")] IPersistentState<DepartmentState> state,
    TimeProvider time,
    ILogger<DepartmentGrain> logger) : Grain, IDepartmentGrain
{
    private const int MaxStaff = 1000;
    private const int MaxRecentlyClosed = 1000;

    public async Task<DepartmentView> ConfigureAsync(DepartmentDefinition definition, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(actor);
        var code = GetPrimaryKeyString();
        if (!ActorAccess.IsOperator(actor)
            && !(actor.IsInRole(Roles.DepartmentAdmin) && string.Equals(actor.Department, code, StringComparison.Ordinal)))
        {
            throw new ForbiddenException("Only operators and the department's admins may configure it.");
        }

        var errors = Validate(definition, code);
        if (errors.Count > 0)
        {
            throw new RuleViolationException("The department definition is invalid.", [.. errors]);
        }

        var current = state.State;
        current.Configured = true;
        current.Name = definition.Name;
        current.Staff = [.. definition.Staff];
        current.SlaWarningDays = definition.SlaWarningDays;
        current.Version++;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IDepartmentDirectoryGrain>(IDepartmentDirectoryGrain.Key).RegisterAsync(new DepartmentSummary(code, definition.Name));
        LogConfigured(logger, code, current.Version);
        return ToView();
    }

    public Task<DepartmentView> GetAsync(Actor actor)
    {
        ActorAccess.RequireDepartmentAccess(actor, GetPrimaryKeyString(), Scopes.CasesRead);
        RequireConfigured();
        return Task.FromResult(ToView());
    }

    public Task<ImmutableArray<QueueItem>> GetQueueAsync(Actor actor)
    {
        var code = GetPrimaryKeyString();
        ActorAccess.RequireDepartmentAccess(actor, code, Scopes.CasesRead);
        RequireConfigured();
        var now = time.GetUtcNow();
        var warning = TimeSpan.FromDays(state.State.SlaWarningDays);

        // Parties-only cases are listed only to their parties, as the case itself decides (CaseConfidentiality): admins and
        // systems see them all (admins assign them), a caseworker those assigned to them, operators none.
        var items = state.State.Queue.Values
            .Where(e => !CaseConfidentiality.IsPartiesOnly(e.Confidentiality)
                || CaseConfidentiality.IsParty(actor, citizenId: null, code, e.AssignedTo, Scopes.CasesRead))
            .OrderByDescending(e => e.DeadlineBreached)
            .ThenBy(e => e.DueAt)
            .ThenBy(e => e.CaseId, StringComparer.Ordinal)
            .Select(e => new QueueItem(
                e.CaseId, e.CaseTypeCode, e.Status, e.AssignedTo, e.SubmittedAt, e.DueAt, e.DeadlineBreached,
                DueSoon: !e.DeadlineBreached && e.DueAt - now <= warning))
            .ToImmutableArray();
        return Task.FromResult(items);
    }

    public Task<bool> HasStaffAsync(string userId, string role) =>
        Task.FromResult(state.State.Staff.Any(s =>
            string.Equals(s.UserId, userId, StringComparison.Ordinal) && !s.Roles.IsDefault && s.Roles.Contains(role)));

    public async Task OnCaseEventAsync(CaseEvent caseEvent)
    {
        ArgumentNullException.ThrowIfNull(caseEvent);
        var current = state.State;
        if ((current.Queue.TryGetValue(caseEvent.CaseId, out var open) && open.CaseVersion >= caseEvent.Version)
            || current.RecentlyClosed.Contains(caseEvent.CaseId, StringComparer.Ordinal))
        {
            return;
        }

        current.QueueVersion++;
        if (caseEvent.Closed)
        {
            current.Queue.Remove(caseEvent.CaseId);
            current.RecentlyClosed.Add(caseEvent.CaseId);
            if (current.RecentlyClosed.Count > MaxRecentlyClosed)
            {
                current.RecentlyClosed.RemoveRange(0, current.RecentlyClosed.Count - MaxRecentlyClosed);
            }

            current.ClosedCount++;
        }
        else
        {
            current.Queue[caseEvent.CaseId] = new DepartmentQueueEntry
            {
                CaseId = caseEvent.CaseId,
                CaseTypeCode = caseEvent.CaseTypeCode,
                Confidentiality = caseEvent.Confidentiality,
                Status = caseEvent.Status,
                AssignedTo = caseEvent.AssignedTo,
                SubmittedAt = caseEvent.SubmittedAt,
                DueAt = caseEvent.DueAt,
                DeadlineBreached = caseEvent.DeadlineBreached,
                CaseVersion = caseEvent.Version,
            };
        }

        await state.WriteStateAsync();
        LogCaseApplied(logger, GetPrimaryKeyString(), caseEvent.CaseId, caseEvent.Version);
    }

    private void RequireConfigured()
    {
        if (!state.State.Configured)
        {
            throw new NotFoundException("No such department.");
        }
    }

    private static List<FieldError> Validate(DepartmentDefinition definition, string code)
    {
        var errors = new List<FieldError>();
        if (!string.Equals(definition.Code, code, StringComparison.Ordinal))
        {
            errors.Add(new("code", "Must equal the department's key."));
        }

        if (string.IsNullOrWhiteSpace(definition.Name) || definition.Name.Length > 200)
        {
            errors.Add(new("name", "A name of 1 to 200 characters is required."));
        }

        if (definition.SlaWarningDays is < 0 or > 365)
        {
            errors.Add(new("slaWarningDays", "Must be between 0 and 365."));
        }

        var staff = definition.Staff.IsDefault ? [] : definition.Staff;
        if (staff.Length > MaxStaff)
        {
            errors.Add(new("staff", $"At most {MaxStaff} staff members."));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < staff.Length; i++)
        {
            var member = staff[i];
            if (member is null || string.IsNullOrWhiteSpace(member.UserId) || member.UserId.Length > 128 || !ids.Add(member.UserId))
            {
                errors.Add(new($"staff[{i}].userId", "A unique user id of at most 128 characters is required."));
                continue;
            }

            if (member.Roles.IsDefaultOrEmpty || member.Roles.Any(r => r is not (Roles.Caseworker or Roles.DepartmentAdmin)))
            {
                errors.Add(new($"staff[{i}].roles", "Staff roles are caseworker and department-admin."));
            }
        }

        return errors;
    }

    private DepartmentView ToView()
    {
        var current = state.State;
        var open = current.Queue.Values;
        var counters = new DepartmentCounters(
            open.Count, open.Count(e => e.AssignedTo is null), open.Count(e => e.DeadlineBreached), current.ClosedCount);
        return new DepartmentView(GetPrimaryKeyString(), current.Name, [.. current.Staff], current.SlaWarningDays, counters, current.Version, current.QueueVersion);
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Department {Department} configured (version {Version})")]
    private static partial void LogConfigured(ILogger logger, string department, int version);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Debug, Message = "Department {Department} applied case {CaseId} version {Version}")]
    private static partial void LogCaseApplied(ILogger logger, string department, string caseId, int version);
}
