using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Catalogue;

/// <summary>One field of a case type's form.</summary>
/// <param name="Name">The key in the submitted data (letters, digits, '-', '_').</param>
/// <param name="Label">What the citizen sees.</param>
/// <param name="Type">How the value is parsed and checked.</param>
/// <param name="Required">Whether a value must be present.</param>
/// <param name="Min">Smallest number, or earliest date as days from today (negative: past).</param>
/// <param name="Max">Largest number, or latest date as days from today.</param>
/// <param name="MaxLength">Longest text.</param>
/// <param name="Pattern">A regular expression the whole text must match.</param>
/// <param name="Options">Allowed values of a <see cref="FieldType.Choice"/> field.</param>
public sealed record FormField(
    string Name,
    string Label,
    FieldType Type,
    bool Required = false,
    decimal? Min = null,
    decimal? Max = null,
    int? MaxLength = null,
    string? Pattern = null,
    ImmutableArray<string> Options = default);
