using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Citizens;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.Grains.Cases;
using GovOrleans.Runtime.Testing;
using GovOrleans.Silo;
using Microsoft.Extensions.DependencyInjection;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Cases;

/// <summary>
/// Deadlines and the outbox on the platform's real stores (a SQLite file and PostgreSQL, composed by <c>AddPlatform</c>),
/// across silo restarts: the silo is stopped and a new one started on the same store.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CaseDurabilityTests(PostgresFixture postgres) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("govorleans-case-tests-").FullName;
    private readonly FakeTimeProvider _time = new();

    public static TheoryData<string> Providers => new() { PlatformStorageOptions.Sqlite, PlatformStorageOptions.Postgres };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Deadline_AfterSiloRestart_BreachEscalatesByReminder(string provider)
    {
        var store = await StoreAsync(provider);
        var caseId = NewId("case");
        CaseView submitted;
        await using (var first = await StartAsync(store, new RecordingSink()))
        {
            await SeedAsync(first.GrainFactory);
            submitted = await SubmitAsync(first.GrainFactory, caseId, NewId("c"));
        }

        var sink = new RecordingSink();
        await using var second = await StartAsync(store, sink);
        var breached = sink.WaitForAsync(e => e.CaseId == caseId && e.Type == CaseEventType.DeadlineBreached);
        _time.Advance(submitted.DueAt - _time.GetUtcNow());
        await breached.Within("deadline breach after restart");

        var view = await second.GrainFactory.GetGrain<ICaseGrain>(caseId).GetAsync(Operator);
        Assert.True(view.DeadlineBreached);
        Assert.Equal("deadline-breached", (await second.GrainFactory.GetGrain<ICaseGrain>(caseId).GetHistoryAsync(Operator))[^1].Action);
        var page = await second.GrainFactory.GetGrain<ICaseSearchGrain>(ICaseSearchGrain.Key)
            .SearchAsync(new CaseQuery(DeadlineBreached: true), Caseworker(North));
        Assert.Contains(page.Items, i => i.Id == caseId && i.Version == view.Version);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Outbox_ConsumerDown_EventStaysPendingAndIsDeliveredOnceByTheRetryTimer(string provider)
    {
        var store = await StoreAsync(provider);
        var sink = new RecordingSink { Fail = true };
        await using var cluster = await StartAsync(store, sink);
        await SeedAsync(cluster.GrainFactory);
        var caseId = NewId("case");
        var citizen = NewId("c");

        var view = await SubmitAsync(cluster.GrainFactory, caseId, citizen);
        Assert.Empty(sink.For(caseId));
        Assert.True(sink.Failures > 0);

        sink.Fail = false;
        var delivered = sink.WaitForAsync(e => e.CaseId == caseId);
        _time.Advance(CaseGrain.OutboxRetryPeriod);
        await delivered.Within("outbox retry");

        var grain = cluster.GrainFactory.GetGrain<ICaseGrain>(caseId);
        await grain.TransitionAsync(new CaseTransition("start-review", null, []), Caseworker(North));

        Assert.Equal([CaseEventType.CaseSubmitted, CaseEventType.StatusChanged], sink.For(caseId).Select(e => e.Type));
        Assert.Equal(2, sink.For(caseId).Select(e => e.EventId).Distinct().Count());
        Assert.Equal(2, (await cluster.GrainFactory.GetGrain<ICitizenGrain>(citizen).GetInboxAsync(Citizen(citizen))).Length);
        var item = Assert.Single(await cluster.GrainFactory.GetGrain<IDepartmentGrain>(North).GetQueueAsync(Operator), q => q.CaseId == caseId);
        Assert.Equal("in-review", item.Status);
        Assert.Equal(view.Version + 1, (await grain.GetAsync(Operator)).Version);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Outbox_PendingAtShutdown_IsDeliveredWhenTheCaseReactivatesOnANewSilo(string provider)
    {
        var store = await StoreAsync(provider);
        var caseId = NewId("case");
        var citizen = NewId("c");
        await using (var first = await StartAsync(store, new RecordingSink { Fail = true }))
        {
            await SeedAsync(first.GrainFactory);
            await SubmitAsync(first.GrainFactory, caseId, citizen);
        }

        var sink = new RecordingSink();
        await using var second = await StartAsync(store, sink);
        await second.GrainFactory.GetGrain<ICaseGrain>(caseId).GetAsync(Operator);

        var delivered = Assert.Single(sink.For(caseId));
        Assert.Equal(CaseEventType.CaseSubmitted, delivered.Type);
        Assert.Single(await second.GrainFactory.GetGrain<ICitizenGrain>(citizen).GetInboxAsync(Citizen(citizen)));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(string Provider, string ConnectionString)> StoreAsync(string provider) => provider == PlatformStorageOptions.Sqlite
        ? (provider, $"Data Source={Path.Combine(_directory, "platform.db")}")
        : (provider, await postgres.CreateDatabaseAsync("cases"));

    private Task<InProcessTestCluster> StartAsync((string Provider, string ConnectionString) store, RecordingSink sink) =>
        new InProcessTestClusterBuilder()
            .UseTimeProvider(_time)
            .WithSetting("Platform:Storage:Provider", store.Provider)
            .WithSetting("Platform:Storage:ConnectionString", store.ConnectionString)
            .WithSetting("Silo:Reminders:RefreshReminderListPeriod", "1.00:00:00")
            .WithSetting("Silo:GrainCollection:CollectionAge", "1.00:00:00")
            .WithSetting("Silo:GrainCollection:CollectionQuantum", "06:00:00")
            .ConfigureSilo(silo => silo.AddPlatform())
            .ConfigureServices(services => services.AddSingleton<ICaseEventSink>(sink))
            .BuildAndStartAsync();
}
