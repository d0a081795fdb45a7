namespace GovOrleans.Runtime.Tests.Storage;

public sealed record CaseApplicant(string Reference, DateOnly Since);
