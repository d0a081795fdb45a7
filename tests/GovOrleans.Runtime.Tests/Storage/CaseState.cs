namespace GovOrleans.Runtime.Tests.Storage;

/// <summary>A grain state shaped like a real one: scalars, an enum, a collection and a nested record.</summary>
public sealed class CaseState
{
    public string Title { get; set; } = string.Empty;

    public int Revision { get; set; }

    public CaseStatus Status { get; set; }

    public List<string> Notes { get; set; } = [];

    public CaseApplicant? Applicant { get; set; }
}
