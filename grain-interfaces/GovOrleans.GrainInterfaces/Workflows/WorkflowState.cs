namespace GovOrleans.GrainInterfaces.Workflows;

/// <summary>A state of a workflow.</summary>
/// <param name="Code">Stable code, e.g. <c>in-review</c>.</param>
/// <param name="Title">Staff-facing title.</param>
/// <param name="CitizenTitle">What the citizen sees for this state.</param>
/// <param name="IsFinal">A final state closes the case; no transition leaves it.</param>
/// <param name="SlaDays">Days allowed in this state before escalation, or null for the case's lead time only.</param>
public sealed record WorkflowState(string Code, string Title, string CitizenTitle, bool IsFinal = false, int? SlaDays = null);
