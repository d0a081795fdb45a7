namespace GovOrleans.GrainInterfaces.Catalogue;

/// <summary>The type of a form field; submitted values arrive as strings and are parsed by type.</summary>
public enum FieldType
{
    /// <summary>Free text.</summary>
    Text,

    /// <summary>A decimal number (invariant culture).</summary>
    Number,

    /// <summary>A calendar date, ISO 8601 (yyyy-MM-dd).</summary>
    Date,

    /// <summary>An e-mail address.</summary>
    Email,

    /// <summary>One of <see cref="FormField.Options"/>.</summary>
    Choice,

    /// <summary>"true" or "false".</summary>
    Boolean,
}
