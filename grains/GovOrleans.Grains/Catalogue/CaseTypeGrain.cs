using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.GrainInterfaces.Workflows;
using GovOrleans.Grains.Common;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Grains.Catalogue;

/// <summary>
/// The versions of one case type. Saving a draft replaces the current draft or, when the latest version is published,
/// starts the next version; a published version never changes. Saving a draft equal to the latest published version
/// returns that version (so seeding is idempotent).
/// </summary>
public sealed partial class CaseTypeGrain(
    [PersistentState("casetype")] IPersistentState<CaseTypeState> state,
    TimeProvider time,
    ILogger<CaseTypeGrain> logger) : Grain, ICaseTypeGrain
{
    public async Task<CaseTypeDefinition> SaveDraftAsync(CaseTypeDraft draft, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ActorAccess.RequireOperator(actor);
        var errors = CaseTypeDraftValidator.Validate(draft);
        await ValidateReferencesAsync(draft, errors);
        if (errors.Count > 0)
        {
            throw new RuleViolationException("The case type draft is invalid.", [.. errors]);
        }

        var versions = state.State.Versions;
        var latest = versions.Count > 0 ? versions[^1] : null;
        var published = latest?.Status == CaseTypeStatus.Published ? latest : null;
        var number = latest is null ? 1 : published is null ? latest.Version : latest.Version + 1;
        var definition = ToDefinition(draft, number);
        if (published is not null && Json.SameContent(definition with { Version = published.Version, Status = CaseTypeStatus.Published, PublishedAt = published.PublishedAt }, published))
        {
            return published;
        }

        if (published is null && latest is not null)
        {
            versions[^1] = definition;
        }
        else
        {
            versions.Add(definition);
        }

        await state.WriteStateAsync();
        LogDraftSaved(logger, GetPrimaryKeyString(), number);
        return definition;
    }

    public async Task<CaseTypeDefinition> PublishAsync(Actor actor)
    {
        ActorAccess.RequireOperator(actor);
        var versions = state.State.Versions;
        if (versions.Count == 0 || versions[^1].Status != CaseTypeStatus.Draft)
        {
            throw new ConflictException("There is no draft to publish.");
        }

        var published = versions[^1] with { Status = CaseTypeStatus.Published, PublishedAt = time.GetUtcNow() };
        versions[^1] = published;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ICaseTypeCatalogueGrain>(ICaseTypeCatalogueGrain.Key).PublishedAsync(
            new CaseTypeSummary(published.Code, published.Title, published.Version, published.LeadTimeDays, published.DefaultDepartment));
        LogPublished(logger, published.Code, published.Version);
        return published;
    }

    public Task<CaseTypeDefinition> GetPublishedAsync() =>
        state.State.Versions.LastOrDefault(v => v.Status == CaseTypeStatus.Published) is { } published
            ? Task.FromResult(published)
            : throw new NotFoundException("The case type has no published version.");

    public Task<CaseTypeDefinition> GetVersionAsync(int version) =>
        version >= 1 && version <= state.State.Versions.Count
            ? Task.FromResult(state.State.Versions[version - 1])
            : throw new NotFoundException("No such case type version.");

    public Task<ImmutableArray<CaseTypeDefinition>> GetVersionsAsync() => Task.FromResult(state.State.Versions.ToImmutableArray());

    private async Task ValidateReferencesAsync(CaseTypeDraft draft, List<FieldError> errors)
    {
        if (Names.IsCode(draft.WorkflowId) && draft.WorkflowVersion >= 1)
        {
            try
            {
                await GrainFactory.GetGrain<IWorkflowGrain>(draft.WorkflowId).GetVersionAsync(draft.WorkflowVersion);
            }
            catch (NotFoundException)
            {
                errors.Add(new("workflowVersion", "The workflow version does not exist."));
            }
        }

        var departments = (await GrainFactory.GetGrain<IDepartmentDirectoryGrain>(IDepartmentDirectoryGrain.Key).ListAsync())
            .Select(d => d.Code)
            .ToHashSet(StringComparer.Ordinal);
        if (!departments.Contains(draft.DefaultDepartment ?? string.Empty))
        {
            errors.Add(new("defaultDepartment", "Must be a configured department."));
        }

        var rules = draft.RoutingRules.IsDefault ? [] : draft.RoutingRules;
        for (var i = 0; i < rules.Length; i++)
        {
            if (rules[i] is { } rule && !departments.Contains(rule.Department ?? string.Empty))
            {
                errors.Add(new($"routingRules[{i}].department", "Must be a configured department."));
            }
        }
    }

    private CaseTypeDefinition ToDefinition(CaseTypeDraft draft, int version) => new(
        GetPrimaryKeyString(),
        version,
        CaseTypeStatus.Draft,
        draft.Title,
        draft.Description,
        draft.Fields.IsDefault ? [] : [.. draft.Fields.Select(f => f with { Options = f.Options.IsDefault ? [] : f.Options })],
        draft.WorkflowId,
        draft.WorkflowVersion,
        draft.LeadTimeDays,
        draft.Confidentiality,
        draft.RetentionYears,
        draft.DefaultDepartment,
        draft.RoutingRules.IsDefault ? [] : draft.RoutingRules,
        PublishedAt: null);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Case type {CaseTypeCode} draft version {Version} saved")]
    private static partial void LogDraftSaved(ILogger logger, string caseTypeCode, int version);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Case type {CaseTypeCode} version {Version} published")]
    private static partial void LogPublished(ILogger logger, string caseTypeCode, int version);
}
