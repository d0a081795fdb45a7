using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.GrainInterfaces.Workflows;

/// <summary>The versions of one workflow, keyed by workflow id. Versions are append-only: a saved version never changes.</summary>
public interface IWorkflowGrain : IGrainWithStringKey
{
    /// <summary>Adds the next version (operators only); RuleViolationException lists every structural error (unknown states, unreachable final state, …).</summary>
    Task<WorkflowDefinition> AddVersionAsync(WorkflowDefinition definition, Actor actor);

    /// <summary>One version; NotFoundException when absent.</summary>
    [ReadOnly]
    Task<WorkflowDefinition> GetVersionAsync(int version);

    /// <summary>Every version, oldest first.</summary>
    [ReadOnly]
    Task<ImmutableArray<WorkflowDefinition>> GetVersionsAsync();
}
