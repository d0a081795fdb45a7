using System.Collections.Immutable;

// The bare-Kestrel baseline for bench/gateway.sh: GET /json answers one fixed record shaped like the gateway's
// CaseView (about 620 bytes of JSON, the size of the benchmark's case), serialised on every request as a minimal-API
// endpoint does it. No logging providers, no middleware.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

var app = builder.Build();
var sample = SampleCase.Create();
app.MapGet("/json", () => TypedResults.Ok(sample));
await app.RunAsync();

/// <summary>
/// The shape of the gateway's <c>CaseView</c> (the same 22 fields and JSON types, about 620 bytes), as plain data with
/// fixed values, so that both endpoints serialise comparable payloads.
/// </summary>
internal sealed record SampleCase(
    string Id,
    string CaseTypeCode,
    int CaseTypeVersion,
    string CaseTypeTitle,
    string Confidentiality,
    string CitizenId,
    string Department,
    string Status,
    string StatusTitle,
    string CitizenStatusTitle,
    string? AssignedTo,
    DateTimeOffset SubmittedAt,
    DateTimeOffset DueAt,
    bool Suspended,
    bool DeadlineBreached,
    ImmutableDictionary<string, string> Data,
    ImmutableDictionary<string, string> Decisions,
    DateTimeOffset? ClosedAt,
    ImmutableArray<string> Documents,
    int Version,
    DateTimeOffset? StatusDueAt,
    bool StatusDeadlineBreached)
{
    public static SampleCase Create()
    {
        var submitted = new DateTimeOffset(2026, 11, 22, 9, 30, 0, TimeSpan.Zero).AddTicks(1_234_567);
        return new SampleCase(
            "C-0123456789ABCDEF0123",
            "parking-permit",
            1,
            "Parking permit",
            "Internal",
            "anna",
            "permits",
            "intake",
            "Intake",
            "Received",
            null,
            submitted,
            submitted.AddDays(14),
            false,
            false,
            ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["months"] = "6",
                ["licencePlate"] = "AB-123-C",
                ["startDate"] = "2026-11-29",
                ["zone"] = "A",
            }),
            ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal),
            null,
            [],
            1,
            submitted.AddDays(5),
            false);
    }
}
