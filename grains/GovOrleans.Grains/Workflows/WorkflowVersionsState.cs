using GovOrleans.GrainInterfaces.Workflows;

namespace GovOrleans.Grains.Workflows;

/// <summary>
/// Stored state of <see cref="WorkflowGrain"/>: its versions, oldest first. (Not named <c>WorkflowState</c>, which is the
/// contract's name for a state of the workflow itself.)
/// </summary>
public sealed class WorkflowVersionsState
{
    public List<WorkflowDefinition> Versions { get; set; } = [];
}
