using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.GrainInterfaces.Catalogue;

/// <summary>A case type and all its versions, keyed by case-type code (e.g. <c>parking-permit</c>).</summary>
public interface ICaseTypeGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the draft version (operators only). Throws RuleViolationException listing every invalid field definition.</summary>
    Task<CaseTypeDefinition> SaveDraftAsync(CaseTypeDraft draft, Actor actor);

    /// <summary>Publishes the draft, which becomes immutable and the version new cases use (operators only).</summary>
    Task<CaseTypeDefinition> PublishAsync(Actor actor);

    /// <summary>The latest published version; NotFoundException when none.</summary>
    [ReadOnly]
    Task<CaseTypeDefinition> GetPublishedAsync();

    /// <summary>One version (published or draft); NotFoundException when absent.</summary>
    [ReadOnly]
    Task<CaseTypeDefinition> GetVersionAsync(int version);

    /// <summary>Every version, oldest first.</summary>
    [ReadOnly]
    Task<ImmutableArray<CaseTypeDefinition>> GetVersionsAsync();
}
