using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Workflows;
using GovOrleans.Grains.Common;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Grains.Workflows;

/// <summary>
/// The append-only versions of one workflow. A version number of 0 means "the next one"; repeating an existing version
/// with the same content returns it (so seeding is idempotent), with different content is a conflict.
/// </summary>
public sealed partial class WorkflowGrain(
    [PersistentState("workflow")] IPersistentState<WorkflowVersionsState> state,
    ILogger<WorkflowGrain> logger) : Grain, IWorkflowGrain
{
    public async Task<WorkflowDefinition> AddVersionAsync(WorkflowDefinition definition, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ActorAccess.RequireOperator(actor);
        var versions = state.State.Versions;
        var next = versions.Count + 1;
        var version = definition.Version <= 0 ? next : definition.Version;
        var normalized = Normalize(definition with { Id = GetPrimaryKeyString(), Version = version });
        if (version < next)
        {
            var existing = versions[version - 1];
            return Json.SameContent(existing, normalized)
                ? existing
                : throw new ConflictException($"Workflow version {version} exists and cannot change; add version {next}.");
        }

        var errors = WorkflowValidator.Validate(normalized);
        if (!string.Equals(definition.Id, GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            errors.Insert(0, new("id", "Must equal the workflow's key."));
        }

        if (version != next)
        {
            errors.Insert(0, new("version", $"The next version is {next}."));
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException("The workflow definition is invalid.", [.. errors]);
        }

        versions.Add(normalized);
        await state.WriteStateAsync();
        LogVersionAdded(logger, GetPrimaryKeyString(), version);
        return normalized;
    }

    public Task<WorkflowDefinition> GetVersionAsync(int version) =>
        version >= 1 && version <= state.State.Versions.Count
            ? Task.FromResult(state.State.Versions[version - 1])
            : throw new NotFoundException("No such workflow version.");

    public Task<ImmutableArray<WorkflowDefinition>> GetVersionsAsync() => Task.FromResult(state.State.Versions.ToImmutableArray());

    private static WorkflowDefinition Normalize(WorkflowDefinition definition) => definition with
    {
        States = definition.States.IsDefault ? [] : definition.States,
        Transitions = definition.Transitions.IsDefault
            ? []
            : [.. definition.Transitions.Select(t => t is null ? t! : t with
            {
                AllowedRoles = t.AllowedRoles.IsDefault ? [] : t.AllowedRoles,
                RequiredFields = t.RequiredFields.IsDefault ? [] : t.RequiredFields,
            })],
    };

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Workflow {WorkflowId} version {Version} added")]
    private static partial void LogVersionAdded(ILogger logger, string workflowId, int version);
}
