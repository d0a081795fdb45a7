using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Workflows;

/// <summary>A named move between states, guarded by role and by the fields it requires.</summary>
/// <param name="Name">Stable name, e.g. <c>approve</c>.</param>
/// <param name="From">The state it leaves.</param>
/// <param name="To">The state it enters.</param>
/// <param name="AllowedRoles">Roles that may apply it (a department system needs the <c>cases.transition</c> scope and <c>system</c> listed here).</param>
/// <param name="RequiredFields">Fields the transition command must carry (e.g. <c>decision</c>).</param>
public sealed record WorkflowTransition(
    string Name,
    string From,
    string To,
    ImmutableArray<string> AllowedRoles,
    ImmutableArray<string> RequiredFields = default);
