using System.Text.RegularExpressions;

namespace GovOrleans.Grains.Common;

/// <summary>Well-formedness of identifiers that appear in paths, keys and form field names.</summary>
internal static partial class Names
{
    /// <summary>A form field or transition-field name: a letter, then letters, digits or underscores (at most 64).</summary>
    public static bool IsFieldName(string? value) => value is not null && FieldName().IsMatch(value);

    /// <summary>A code (state, department, workflow, case type): lower-case letters, digits and dashes (at most 64).</summary>
    public static bool IsCode(string? value) => value is not null && Code().IsMatch(value);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldName();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Code();
}
