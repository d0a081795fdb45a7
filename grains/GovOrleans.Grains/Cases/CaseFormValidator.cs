using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Grains.Catalogue;
using GovOrleans.Grains.Citizens;
using GovOrleans.Grains.Common;

namespace GovOrleans.Grains.Cases;

/// <summary>
/// Validates submitted form data against a case type's fields, reporting every failing field at once as
/// <c>data.{name}</c>. Messages state the rule, never the submitted value.
/// </summary>
internal static class CaseFormValidator
{
    public const int DefaultMaxTextLength = 4000;
    public const int MaxValues = 200;

    public static List<FieldError> Validate(
        ImmutableArray<FormField> fields, IReadOnlyDictionary<string, string>? data, DateOnly today, out Dictionary<string, string> accepted)
    {
        var errors = new List<FieldError>();
        accepted = new Dictionary<string, string>(StringComparer.Ordinal);
        data ??= ImmutableDictionary<string, string>.Empty;
        if (data.Count > MaxValues)
        {
            errors.Add(new("data", $"At most {MaxValues} values."));
            return errors;
        }

        var known = fields.IsDefault ? [] : fields;
        foreach (var key in data.Keys.Where(k => !known.Any(f => string.Equals(f.Name, k, StringComparison.Ordinal))).Order(StringComparer.Ordinal))
        {
            errors.Add(new(Names.IsFieldName(key) ? $"data.{key}" : "data", "Unknown field."));
        }

        foreach (var field in known)
        {
            var path = $"data.{field.Name}";
            if (!data.TryGetValue(field.Name, out var raw) || string.IsNullOrWhiteSpace(raw))
            {
                if (field.Required)
                {
                    errors.Add(new(path, "Is required."));
                }

                continue;
            }

            var value = field.Type == FieldType.Text ? raw : raw.Trim();
            if (Check(field, value, today) is { } message)
            {
                errors.Add(new(path, message));
            }
            else
            {
                accepted[field.Name] = value;
            }
        }

        return errors;
    }

    private static string? Check(FormField field, string value, DateOnly today) => field.Type switch
    {
        FieldType.Text => CheckText(field, value),
        FieldType.Number => CheckNumber(field, value),
        FieldType.Date => CheckDate(field, value, today),
        FieldType.Email => value.Length > (field.MaxLength ?? 254) || !CitizenGrain.IsEmail(value)
            ? "Must be an e-mail address."
            : CheckPattern(field, value),
        FieldType.Choice => !field.Options.IsDefault && field.Options.Contains(value, StringComparer.Ordinal)
            ? null
            : $"Must be one of: {string.Join(", ", field.Options.IsDefault ? [] : field.Options)}.",
        FieldType.Boolean => value is "true" or "false" ? null : "Must be true or false.",
        _ => "Unsupported field type.",
    };

    private static string? CheckText(FormField field, string value)
    {
        var maxLength = field.MaxLength ?? DefaultMaxTextLength;
        return value.Length > maxLength ? $"Must be at most {maxLength} characters." : CheckPattern(field, value);
    }

    private static string? CheckPattern(FormField field, string value)
    {
        if (field.Pattern is null)
        {
            return null;
        }

        try
        {
            return Regex.IsMatch(value, field.Pattern, RegexOptions.CultureInvariant, CaseTypeDraftValidator.PatternTimeout)
                ? null
                : "Does not have the required format.";
        }
        catch (RegexMatchTimeoutException)
        {
            return "Could not be checked against the required format.";
        }
    }

    private static string? CheckNumber(FormField field, string value)
    {
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return "Must be a number (digits, optional sign and decimal point).";
        }

        if (field.Min is { } min && number < min)
        {
            return $"Must be at least {min.ToString(CultureInfo.InvariantCulture)}.";
        }

        return field.Max is { } max && number > max ? $"Must be at most {max.ToString(CultureInfo.InvariantCulture)}." : null;
    }

    private static string? CheckDate(FormField field, string value, DateOnly today)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return "Must be a date as yyyy-MM-dd.";
        }

        if (field.Min is { } min && date < today.AddDays((int)min))
        {
            return $"Must be on or after {today.AddDays((int)min).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.";
        }

        return field.Max is { } max && date > today.AddDays((int)max)
            ? $"Must be on or before {today.AddDays((int)max).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}."
            : null;
    }
}
