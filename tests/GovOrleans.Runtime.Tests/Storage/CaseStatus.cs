namespace GovOrleans.Runtime.Tests.Storage;

public enum CaseStatus
{
    Draft,
    Submitted,
    Approved,
}
