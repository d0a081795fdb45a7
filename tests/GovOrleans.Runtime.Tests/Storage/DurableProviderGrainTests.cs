using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Testing;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Storage;

/// <summary>
/// Grain state and reminders through real SQLite files and a real PostgreSQL server, across silo restarts:
/// the silo is stopped and a new one started on the same store, as after a pod restart.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableProviderGrainTests(PostgresFixture postgres) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("govorleans-grain-tests-").FullName;

    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GrainState_SurvivesASiloRestart(string provider)
    {
        var configure = await ConfigureAsync(provider);
        var key = Guid.NewGuid().ToString();
        string? etag;
        await using (var first = await StartAsync(configure, new FakeTimeProvider()))
        {
            await first.GrainFactory.GetGrain<IProfileGrain>(key).SetNameAsync("before restart");
            etag = (await first.GrainFactory.GetGrain<IProfileGrain>(key).SetNameAsync("written twice")).ETag;
        }

        await using var second = await StartAsync(configure, new FakeTimeProvider());
        var loaded = await second.GrainFactory.GetGrain<IProfileGrain>(key).GetAsync();

        Assert.Equal(new ProfileSnapshot("written twice", 2, etag, true), loaded);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reminder_FiresAgainAfterTheSiloRestarts(string provider)
    {
        var configure = await ConfigureAsync(provider);
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        var key = Guid.NewGuid().ToString();
        await using (var first = await StartAsync(configure, time))
        {
            await first.GrainFactory.GetGrain<IReminderGrain>(key).RegisterAsync("deadline", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));
        }

        time.Advance(TimeSpan.FromSeconds(30));
        await using var second = await StartAsync(configure, time);
        var log = second.Services.GetRequiredService<ReminderLog>();
        Assert.Empty(log.Ticks(key));

        time.Advance(TimeSpan.FromMinutes(1.5));
        await log.WaitForTickAsync(key);

        var (name, status) = Assert.Single(log.Ticks(key));
        Assert.Equal("deadline", name);
        Assert.Equal(start + TimeSpan.FromMinutes(2), status.CurrentTickTime);
        Assert.Equal(TimeSpan.FromMinutes(1), status.Period);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reminder_TickDueWhileNoSiloRan_IsDeliveredOnceOnRestart(string provider)
    {
        var configure = await ConfigureAsync(provider);
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        var key = Guid.NewGuid().ToString();
        await using (var first = await StartAsync(configure, time))
        {
            await first.GrainFactory.GetGrain<IReminderGrain>(key).RegisterAsync("deadline", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            time.Advance(TimeSpan.FromMinutes(1));
            await first.Services.GetRequiredService<ReminderLog>().WaitForTickAsync(key);
        }

        // Down while the ticks of minutes 2 and 3 came due: the latest is delivered late, once; the older one is not.
        time.Advance(TimeSpan.FromMinutes(2.5));
        await using (var second = await StartAsync(configure, time))
        {
            var log = second.Services.GetRequiredService<ReminderLog>();
            time.Advance(TimeSpan.Zero);
            await log.WaitForTickAsync(key);
            Assert.Equal(start + TimeSpan.FromMinutes(3), Assert.Single(log.Ticks(key)).Status.CurrentTickTime);
        }

        // Nothing was missed this time: no catch-up tick, the schedule goes on.
        time.Advance(TimeSpan.FromSeconds(10));
        await using var third = await StartAsync(configure, time);
        var thirdLog = third.Services.GetRequiredService<ReminderLog>();
        time.Advance(TimeSpan.FromSeconds(20));
        await thirdLog.WaitForTickAsync(key);
        Assert.Equal(start + TimeSpan.FromMinutes(4), Assert.Single(thirdLog.Ticks(key)).Status.CurrentTickTime);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UnregisteredReminder_DoesNotFireAfterRestart(string provider)
    {
        var configure = await ConfigureAsync(provider);
        var time = new FakeTimeProvider();
        var key = Guid.NewGuid().ToString();
        await using (var first = await StartAsync(configure, time))
        {
            var grain = first.GrainFactory.GetGrain<IReminderGrain>(key);
            await grain.RegisterAsync("temp", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            await grain.UnregisterAsync("temp");
            Assert.Equal(0, await grain.ReminderCountAsync());
        }

        await using var second = await StartAsync(configure, time);
        Assert.Equal(0, await second.GrainFactory.GetGrain<IReminderGrain>(key).ReminderCountAsync());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<Action<ISiloBuilder>> ConfigureAsync(string provider)
    {
        if (provider == "sqlite")
        {
            var connectionString = $"Data Source={Path.Combine(_directory, "silo.db")}";
            return silo => silo
                .AddSqliteGrainStorage("Default", o => o.ConnectionString = connectionString)
                .UseSqliteReminderTable(o => o.ConnectionString = connectionString);
        }

        var database = await postgres.Server.CreateDatabaseAsync("grains");
        return silo => silo
            .AddPostgresGrainStorage("Default", o => o.ConnectionString = database)
            .UsePostgresReminderTable(o => o.ConnectionString = database);
    }

    private static Task<InProcessTestCluster> StartAsync(Action<ISiloBuilder> configure, FakeTimeProvider time) =>
        new InProcessTestClusterBuilder()
            .UseTimeProvider(time)
            .ConfigureSilo(configure)
            .ConfigureServices(services => services.AddTestGrainServices())
            .BuildAndStartAsync();
}
