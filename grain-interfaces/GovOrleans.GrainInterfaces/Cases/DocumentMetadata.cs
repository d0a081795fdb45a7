namespace GovOrleans.GrainInterfaces.Cases;

/// <summary>Metadata of a document attached to a case (the content lives in a document store).</summary>
public sealed record DocumentMetadata(string Id, string FileName, string ContentType, long SizeBytes, string Sha256, DateTimeOffset AddedAt, string AddedBy);
