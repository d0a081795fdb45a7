using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Catalogue;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Grains.Cases.Index;
using GovOrleans.Runtime.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Cases;

/// <summary>
/// The three case-index implementations behave alike: newer versions win, filters, ordering, paging and the listing of
/// parties-only cases; the database ones add the confidentiality column to a table of the earlier schema.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CaseIndexTests(PostgresFixture postgres) : IDisposable
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // A caller that is no case's party (as an operator): it may list only cases below CaseConfidential.
    private static readonly CaseVisibility s_noParty = CaseVisibility.Of(Operator);
    private readonly string _directory = Directory.CreateTempSubdirectory("govorleans-index-tests-").FullName;

    public static TheoryData<string> Kinds => new() { "memory", "sqlite", "postgres" };

    public static TheoryData<string> DatabaseKinds => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Upsert_OlderOrSameVersion_IsIgnored(string kind)
    {
        var index = await CreateAsync(kind);
        await index.UpsertAsync(Event("case-1", version: 2, status: "in-review"), default);

        await index.UpsertAsync(Event("case-1", version: 1, status: "received"), default);
        await index.UpsertAsync(Event("case-1", version: 2, status: "other"), default);

        var row = Assert.Single((await index.QueryAsync(new CaseQuery(), s_noParty, default)).Items);
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

        var north = await index.QueryAsync(new CaseQuery(Department: "north", Ordering: "-submittedAt", PageSize: 3), s_noParty, default);
        var secondPage = await index.QueryAsync(new CaseQuery(Department: "north", Ordering: "-submittedAt", PageSize: 3, Page: 2), s_noParty, default);
        var breached = await index.QueryAsync(new CaseQuery(DeadlineBreached: true), s_noParty, default);
        var assigned = await index.QueryAsync(new CaseQuery(AssignedTo: "cw-north"), s_noParty, default);
        var window = await index.QueryAsync(new CaseQuery(SubmittedFrom: s_t0.AddHours(1), SubmittedTo: s_t0.AddHours(3), Ordering: "submittedAt"), s_noParty, default);
        var byStatus = await index.QueryAsync(new CaseQuery(Status: "in-review", Ordering: "status"), s_noParty, default);

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

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Query_PartiesOnlyCases_ListedToTheirPartiesOnly(string kind)
    {
        var index = await CreateAsync(kind);
        await index.UpsertAsync(Event("internal", 1, "received", level: Confidentiality.Internal), default);
        await index.UpsertAsync(Event("open", 1, "received", level: Confidentiality.CaseConfidential, citizenId: "cit-2"), default);
        await index.UpsertAsync(Event("mine", 1, "received", level: Confidentiality.Confidential, assignedTo: "cw-north"), default);
        await index.UpsertAsync(Event("secret", 1, "received", level: Confidentiality.Secret, citizenId: "cit-2"), default);
        await index.UpsertAsync(Event("south", 1, "received", department: "south", level: Confidentiality.CaseConfidential, assignedTo: "cw-north"), default);

        async Task<string[]> ListedAsync(Actor actor, CaseQuery? query = null)
        {
            var page = await index.QueryAsync(query ?? new CaseQuery(Ordering: "submittedAt"), CaseVisibility.Of(actor), default);
            Assert.Equal(page.Items.Length, page.Total);
            return [.. page.Items.Select(i => i.Id).Order(StringComparer.Ordinal)];
        }

        var north = new CaseQuery(Department: "north");
        Assert.Equal(["internal"], await ListedAsync(Operator));
        Assert.Equal(["internal", "mine"], await ListedAsync(Caseworker("north"), north));
        Assert.Equal(["internal"], await ListedAsync(Caseworker("north", "cw2-north"), north));
        Assert.Equal(["internal", "mine", "open", "secret"], await ListedAsync(Admin("north"), north));
        Assert.Equal(["internal", "mine", "open", "secret"], await ListedAsync(TestMunicipality.System("north", Scopes.CasesRead), north));
        Assert.Equal(["open", "secret"], await ListedAsync(Citizen("cit-2"), new CaseQuery(CitizenId: "cit-2")));

        // The level travels with every later version of the case.
        await index.UpsertAsync(Event("open", 2, "in-review", level: Confidentiality.CaseConfidential, citizenId: "cit-2", assignedTo: "cw2-north"), default);
        Assert.Equal(["internal", "open"], await ListedAsync(Caseworker("north", "cw2-north"), north));
    }

    [Theory]
    [MemberData(nameof(DatabaseKinds))]
    public async Task Start_TableOfTheEarlierSchema_GetsTheConfidentialityColumn_AndOldRowsFailClosed(string kind)
    {
        // The table as the release before confidentiality created it, with one row.
        const string OldTable = "CREATE TABLE govorleans_case_index (case_id text PRIMARY KEY, citizen_id text NOT NULL,"
            + " department text NOT NULL, case_type text NOT NULL, status text NOT NULL, citizen_status_title text NOT NULL,"
            + " assigned_to text NULL, submitted_at {0} NOT NULL, due_at {0} NOT NULL, breached {1} NOT NULL,"
            + " closed {1} NOT NULL, version integer NOT NULL, updated_at {0} NOT NULL)";
        const string OldRow = "INSERT INTO govorleans_case_index VALUES ('old', 'cit-1', 'north', 'parking-permit', 'received', 'Received',"
            + " NULL, {0}, {0}, {1}, {1}, 1, {0})";
        string connectionString;
        if (kind == "sqlite")
        {
            connectionString = $"Data Source={Path.Combine(_directory, "old.db")}";
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = string.Format(null, OldTable, "INTEGER", "INTEGER") + ";" + string.Format(null, OldRow, s_t0.UtcTicks, 0);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            connectionString = await postgres.CreateDatabaseAsync("index-old");
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                string.Format(null, OldTable, "timestamptz", "boolean") + ";" + string.Format(null, OldRow, "'2026-01-01T00:00:00Z'", "false"), connection);
            await command.ExecuteNonQueryAsync();
        }

        // Two silos starting together migrate the same table; neither may fail.
        var indexes = kind == "sqlite"
            ? new ICaseIndex[] { new SqliteCaseIndex(connectionString), new SqliteCaseIndex(connectionString) }
            : [new PostgresCaseIndex(connectionString), new PostgresCaseIndex(connectionString)];
        try
        {
            await Task.WhenAll(indexes.Select(i => i.QueryAsync(new CaseQuery(), s_noParty, default)));
            var index = indexes[0];
            await index.UpsertAsync(Event("new", 1, "received", submittedAt: s_t0.AddHours(1), level: Confidentiality.CaseConfidential), default);

            // The row from before has an unknown level and is treated as parties-only (fail closed) until its case's
            // next event rewrites it, like the new parties-only one: both are listed to the department's admin only.
            Assert.Empty((await index.QueryAsync(new CaseQuery(), s_noParty, default)).Items);
            var admin = await indexes[1].QueryAsync(new CaseQuery(Ordering: "submittedAt"), CaseVisibility.Of(Admin("north")), default);
            Assert.Equal(["old", "new"], admin.Items.Select(i => i.Id));
        }
        finally
        {
            foreach (var index in indexes.OfType<IAsyncDisposable>())
            {
                await index.DisposeAsync();
            }
        }
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
        string? assignedTo = null, Confidentiality level = Confidentiality.Internal, string citizenId = "cit-1")
    {
        var at = submittedAt ?? s_t0;
        return new CaseEvent(
            Guid.NewGuid(), caseId, CaseEventType.StatusChanged, at, citizenId, department, "parking-permit", level, status,
            status == "in-review" ? "Being assessed" : "Received", assignedTo, at.AddDays(14), breached, false, at, version, null);
    }
}
