namespace GovOrleans.GrainInterfaces.Common;

/// <summary>One failing field: its path in the submitted data (e.g. <c>data.postcode</c>) and why.</summary>
public sealed record FieldError(string Path, string Message);
