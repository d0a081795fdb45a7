using GovOrleans.GrainInterfaces.Common;
using GovOrleans.GrainInterfaces.Workflows;
using GovOrleans.Grains.Common;

namespace GovOrleans.Grains.Workflows;

/// <summary>Structural checks of a workflow definition; every error is reported with its path.</summary>
internal static class WorkflowValidator
{
    public const int MaxReminderPeriodMinutes = 7 * 24 * 60;

    private static readonly HashSet<string> s_knownRoles =
        [Roles.Citizen, Roles.Caseworker, Roles.DepartmentAdmin, Roles.Operator, Roles.System];

    public static List<FieldError> Validate(WorkflowDefinition definition)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(definition.Title) || definition.Title.Length > 200)
        {
            errors.Add(new("title", "A title of 1 to 200 characters is required."));
        }

        var states = definition.States.IsDefault ? [] : definition.States;
        var transitions = definition.Transitions.IsDefault ? [] : definition.Transitions;
        var codes = new Dictionary<string, WorkflowState>(StringComparer.Ordinal);
        if (states.Length == 0)
        {
            errors.Add(new("states", "At least one state is required."));
        }

        for (var i = 0; i < states.Length; i++)
        {
            var state = states[i];
            if (state is null || !Names.IsCode(state.Code))
            {
                errors.Add(new($"states[{i}].code", "A state code of lower-case letters, digits and dashes is required."));
                continue;
            }

            if (!codes.TryAdd(state.Code, state))
            {
                errors.Add(new($"states[{i}].code", "State codes must be unique."));
            }

            if (string.IsNullOrWhiteSpace(state.Title) || string.IsNullOrWhiteSpace(state.CitizenTitle))
            {
                errors.Add(new($"states[{i}].title", "A title and a citizen title are required."));
            }

            if (state.SlaDays is < 1 or > 3650)
            {
                errors.Add(new($"states[{i}].slaDays", "Must be between 1 and 3650."));
            }
        }

        if (!codes.TryGetValue(definition.InitialState ?? string.Empty, out var initial))
        {
            errors.Add(new("initialState", "The initial state must be one of the states."));
        }
        else if (initial.IsFinal)
        {
            errors.Add(new("initialState", "The initial state cannot be final."));
        }

        var names = new HashSet<(string From, string Name)>();
        for (var i = 0; i < transitions.Length; i++)
        {
            ValidateTransition(transitions[i], i, codes, names, errors);
        }

        if (initial is not null && !initial.IsFinal && !FinalStateReachable(definition.InitialState!, codes, transitions))
        {
            errors.Add(new("transitions", "No final state is reachable from the initial state."));
        }

        if (definition.Escalation is null)
        {
            errors.Add(new("escalation", "An escalation rule is required."));
        }
        else
        {
            if (definition.Escalation.ReminderPeriodMinutes is < 1 or > MaxReminderPeriodMinutes)
            {
                errors.Add(new("escalation.reminderPeriodMinutes", $"Must be between 1 and {MaxReminderPeriodMinutes}."));
            }

            if (!s_knownRoles.Contains(definition.Escalation.NotifyRole ?? string.Empty))
            {
                errors.Add(new("escalation.notifyRole", "Must be a known role."));
            }
        }

        return errors;
    }

    private static void ValidateTransition(
        WorkflowTransition transition, int i, Dictionary<string, WorkflowState> codes, HashSet<(string, string)> names, List<FieldError> errors)
    {
        if (transition is null || !Names.IsCode(transition.Name))
        {
            errors.Add(new($"transitions[{i}].name", "A transition name of lower-case letters, digits and dashes is required."));
            return;
        }

        if (!codes.TryGetValue(transition.From ?? string.Empty, out var from))
        {
            errors.Add(new($"transitions[{i}].from", "Must be one of the states."));
        }
        else if (from.IsFinal)
        {
            errors.Add(new($"transitions[{i}].from", "No transition may leave a final state."));
        }

        if (!codes.ContainsKey(transition.To ?? string.Empty))
        {
            errors.Add(new($"transitions[{i}].to", "Must be one of the states."));
        }

        if (!names.Add((transition.From ?? string.Empty, transition.Name)))
        {
            errors.Add(new($"transitions[{i}].name", "Transition names must be unique per from-state."));
        }

        var roles = transition.AllowedRoles.IsDefault ? [] : transition.AllowedRoles;
        if (roles.Length == 0 || roles.Any(r => !s_knownRoles.Contains(r ?? string.Empty)))
        {
            errors.Add(new($"transitions[{i}].allowedRoles", "At least one role is required, and every role must be known."));
        }

        if (!transition.RequiredFields.IsDefault && transition.RequiredFields.Any(f => !Names.IsFieldName(f)))
        {
            errors.Add(new($"transitions[{i}].requiredFields", "Field names must start with a letter and hold only letters, digits and underscores."));
        }
    }

    private static bool FinalStateReachable(string initial, Dictionary<string, WorkflowState> codes, IReadOnlyList<WorkflowTransition> transitions)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { initial };
        var pending = new Queue<string>([initial]);
        while (pending.TryDequeue(out var code))
        {
            if (codes.TryGetValue(code, out var state) && state.IsFinal)
            {
                return true;
            }

            foreach (var next in transitions.Where(t => t is not null && t.From == code && t.To is not null && codes.ContainsKey(t.To)))
            {
                if (seen.Add(next.To))
                {
                    pending.Enqueue(next.To);
                }
            }
        }

        return false;
    }
}
