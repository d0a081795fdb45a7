using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Workflows;

/// <summary>One immutable version of a workflow.</summary>
public sealed record WorkflowDefinition(
    string Id,
    int Version,
    string Title,
    string InitialState,
    ImmutableArray<WorkflowState> States,
    ImmutableArray<WorkflowTransition> Transitions,
    EscalationRule Escalation);
