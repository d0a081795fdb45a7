using System.Text.RegularExpressions;

namespace GovOrleans.Gateway.Common;

/// <summary>
/// Formats of the keys that reach <c>GetGrain</c>. Handlers check them first, so garbage ids never activate a grain.
/// </summary>
internal static partial class RouteKeys
{
    public const string CaseIdPattern = "^C-[0-9A-F]{20}$";

    public const string CodePattern = "^[a-z0-9][a-z0-9_-]{0,63}$";

    public const string SubjectPattern = "^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$";

    /// <summary>A case id: <c>C-</c> and 20 upper-case hex digits.</summary>
    public static bool IsCaseId(string? value) => value is { Length: 22 } && CaseIdRegex().IsMatch(value);

    /// <summary>A case-type, department, workflow, state or transition code: lower-case letters, digits, '-' and '_', at most 64.</summary>
    public static bool IsCode(string? value) => value is { Length: >= 1 and <= 64 } && CodeRegex().IsMatch(value);

    /// <summary>A token subject (citizen, staff or client id).</summary>
    public static bool IsSubject(string? value) => value is { Length: >= 1 and <= 128 } && SubjectRegex().IsMatch(value);

    [GeneratedRegex(CaseIdPattern, RegexOptions.CultureInvariant)]
    private static partial Regex CaseIdRegex();

    [GeneratedRegex(CodePattern, RegexOptions.CultureInvariant)]
    private static partial Regex CodeRegex();

    [GeneratedRegex(SubjectPattern, RegexOptions.CultureInvariant)]
    private static partial Regex SubjectRegex();
}
