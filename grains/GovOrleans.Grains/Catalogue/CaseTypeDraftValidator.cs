using System.Text.RegularExpressions;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Grains.Common;

namespace GovOrleans.Grains.Catalogue;

/// <summary>Checks of a case-type draft that need no other grain; every error is reported with its path.</summary>
internal static class CaseTypeDraftValidator
{
    public const int MaxFields = 100;
    public const int MaxOptions = 200;
    public const int MaxRoutingRules = 200;
    public const int MaxDayOffset = 73_000;

    /// <summary>Bounds the time a form pattern may take on one value (patterns are operator input, values citizen input).</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    public static List<FieldError> Validate(CaseTypeDraft draft)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(draft.Title) || draft.Title.Length > 200)
        {
            errors.Add(new("title", "A title of 1 to 200 characters is required."));
        }

        if (draft.Description is null || draft.Description.Length > 4000)
        {
            errors.Add(new("description", "A description of at most 4000 characters is required."));
        }

        var fields = draft.Fields.IsDefault ? [] : draft.Fields;
        if (fields.Length > MaxFields)
        {
            errors.Add(new("fields", $"At most {MaxFields} fields."));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fields.Length; i++)
        {
            ValidateField(fields[i], $"fields[{i}]", names, errors);
        }

        if (!Names.IsCode(draft.WorkflowId))
        {
            errors.Add(new("workflowId", "A workflow id of lower-case letters, digits and dashes is required."));
        }

        if (draft.WorkflowVersion < 1)
        {
            errors.Add(new("workflowVersion", "Must be at least 1."));
        }

        if (draft.LeadTimeDays is < 1 or > 3650)
        {
            errors.Add(new("leadTimeDays", "Must be between 1 and 3650."));
        }

        if (draft.RetentionYears is < 0 or > 100)
        {
            errors.Add(new("retentionYears", "Must be between 0 and 100."));
        }

        if (!Enum.IsDefined(draft.Confidentiality))
        {
            errors.Add(new("confidentiality", "Must be a known confidentiality level."));
        }

        var rules = draft.RoutingRules.IsDefault ? [] : draft.RoutingRules;
        if (rules.Length > MaxRoutingRules)
        {
            errors.Add(new("routingRules", $"At most {MaxRoutingRules} rules."));
        }

        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (rule is null || !names.Contains(rule.Field ?? string.Empty))
            {
                errors.Add(new($"routingRules[{i}].field", "Must name one of the form's fields."));
            }
            else if (string.IsNullOrWhiteSpace(rule.Value))
            {
                errors.Add(new($"routingRules[{i}].value", "A value is required."));
            }
        }

        return errors;
    }

    private static void ValidateField(FormField field, string path, HashSet<string> names, List<FieldError> errors)
    {
        if (field is null)
        {
            errors.Add(new(path, "A field definition is required."));
            return;
        }

        if (!Names.IsFieldName(field.Name))
        {
            errors.Add(new($"{path}.name", "Must start with a letter and hold only letters, digits and underscores (at most 64)."));
        }
        else if (!names.Add(field.Name))
        {
            errors.Add(new($"{path}.name", "Field names must be unique."));
        }

        if (string.IsNullOrWhiteSpace(field.Label) || field.Label.Length > 200)
        {
            errors.Add(new($"{path}.label", "A label of 1 to 200 characters is required."));
        }

        if (!Enum.IsDefined(field.Type))
        {
            errors.Add(new($"{path}.type", "Must be a known field type."));
        }

        var options = field.Options.IsDefault ? [] : field.Options;
        if (field.Type == FieldType.Choice)
        {
            if (options.Length == 0 || options.Length > MaxOptions)
            {
                errors.Add(new($"{path}.options", $"A choice needs 1 to {MaxOptions} options."));
            }
            else if (options.Any(string.IsNullOrWhiteSpace) || options.Distinct(StringComparer.Ordinal).Count() != options.Length)
            {
                errors.Add(new($"{path}.options", "Options must be non-empty and unique."));
            }
        }
        else if (options.Length > 0)
        {
            errors.Add(new($"{path}.options", "Only choice fields have options."));
        }

        if (field.Min is { } min && field.Max is { } max && min > max)
        {
            errors.Add(new($"{path}.min", "Must not exceed max."));
        }

        if ((field.Min is not null || field.Max is not null) && field.Type is not (FieldType.Number or FieldType.Date))
        {
            errors.Add(new($"{path}.min", "Only number and date fields have a minimum and maximum."));
        }

        if (field.Type == FieldType.Date && (!IsDayOffset(field.Min) || !IsDayOffset(field.Max)))
        {
            errors.Add(new($"{path}.min", $"Date limits are whole days from today, at most {MaxDayOffset} either way."));
        }

        if (field.MaxLength is < 1 or > 100_000)
        {
            errors.Add(new($"{path}.maxLength", "Must be between 1 and 100000."));
        }

        if (field.Pattern is not null)
        {
            if (field.Type is not (FieldType.Text or FieldType.Email))
            {
                errors.Add(new($"{path}.pattern", "Only text and e-mail fields have a pattern."));
            }
            else if (field.Pattern.Length > 1000 || !Compiles(field.Pattern))
            {
                errors.Add(new($"{path}.pattern", "Must be a valid regular expression of at most 1000 characters."));
            }
        }
    }

    private static bool IsDayOffset(decimal? days) => days is not { } d || (d == decimal.Truncate(d) && Math.Abs(d) <= MaxDayOffset);

    private static bool Compiles(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
