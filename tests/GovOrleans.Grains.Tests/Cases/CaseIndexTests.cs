using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Grains.Cases.Index;
using GovOrleans.Runtime.Testing;

namespace GovOrleans.Grains.Tests.Cases;

/// <summary>The three case-index implementations behave alike: newer versions win, filters, ordering and paging.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CaseIndexTests(PostgresFixture postgres) : IDisposable
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("govorleans-index-tests-").FullName;

    public static TheoryData<string> Kinds => new() { "memory", "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Upsert_OlderOrSameVersion_IsIgnored(string kind)
    {
        var index = await CreateAsync(kind);
        await index.UpsertAsync(Event("case-1", version: 2, status: "in-review"), default);

        await index.UpsertAsync(Event("case-1", version: 1, status: "received"), default);
        await index.UpsertAsync(Event("case-1", version: 2, status: "other"), default);

        var row = Assert.Single((await index.QueryAsync(new CaseQuery(), default)).Items);
        Assert.Equal(("in-review", 2), (row.Status, row.Version));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Query_FiltersOrderingAndPaging_MatchAcrossImplementations(string kind)
    {
        var index = await CreateAsync(kind);
        for (var i = 0; i < 6; i++)
        {
            await index.UpsertAsync(Event($"case-{i}", 1, i % 2 == 0 ? "received" : "in-review", department: i < 4 ? "north" : "south",
                submittedAt: s_t0.AddHours(i), breached: i == 1, assignedTo: i == 2 ? "cw-north" : null), default);
        }

        var north = await index.QueryAsync(new CaseQuery(Department: "north", Ordering: "-submittedAt", PageSize: 3), default);
        var secondPage = await index.QueryAsync(new CaseQuery(Department: "north", Ordering: "-submittedAt", PageSize: 3, Page: 2), default);
        var breached = await index.QueryAsync(new CaseQuery(DeadlineBreached: true), default);
        var assigned = await index.QueryAsync(new CaseQuery(AssignedTo: "cw-north"), default);
        var window = await index.QueryAsync(new CaseQuery(SubmittedFrom: s_t0.AddHours(1), SubmittedTo: s_t0.AddHours(3), Ordering: "submittedAt"), default);
        var byStatus = await index.QueryAsync(new CaseQuery(Status: "in-review", Ordering: "status"), default);

        Assert.Equal(4, north.Total);
        Assert.Equal(["case-3", "case-2", "case-1"], north.Items.Select(i => i.Id));
        Assert.Equal(["case-0"], secondPage.Items.Select(i => i.Id));
        Assert.Equal("case-1", Assert.Single(breached.Items).Id);
        Assert.Equal("case-2", Assert.Single(assigned.Items).Id);
        Assert.Equal(["case-1", "case-2"], window.Items.Select(i => i.Id));
        Assert.Equal(3, byStatus.Total);
        var first = north.Items[0];
        Assert.Equal((s_t0.AddHours(3), s_t0.AddHours(3).AddDays(14), "cit-1", "Being assessed"), (first.SubmittedAt, first.DueAt, first.CitizenId, first.CitizenStatusTitle));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<ICaseIndex> CreateAsync(string kind) => kind switch
    {
        "memory" => new InMemoryCaseIndex(),
        "sqlite" => new SqliteCaseIndex($"Data Source={Path.Combine(_directory, "sub", "index.db")}"),
        _ => new PostgresCaseIndex(await postgres.CreateDatabaseAsync("index")),
    };

    private static CaseEvent Event(
        string caseId, int version, string status, string department = "north", DateTimeOffset? submittedAt = null, bool breached = false,
        string? assignedTo = null)
    {
        var at = submittedAt ?? s_t0;
        return new CaseEvent(
            Guid.NewGuid(), caseId, CaseEventType.StatusChanged, at, "cit-1", department, "parking-permit", status,
            status == "in-review" ? "Being assessed" : "Received", assignedTo, at.AddDays(14), breached, false, at, version, null);
    }
}
