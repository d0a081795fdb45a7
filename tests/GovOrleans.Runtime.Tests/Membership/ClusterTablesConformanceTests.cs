using System.Runtime.CompilerServices;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.GrainDirectory;
using GovOrleans.Runtime.Membership;
using GovOrleans.Runtime.Membership.Postgres;
using GovOrleans.Runtime.Membership.Sqlite;
using GovOrleans.Runtime.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace GovOrleans.Runtime.Tests.Membership;

/// <summary>
/// The behaviour every cluster tables provider must share: inserts and status changes are compare-and-swap on the
/// table version, Dead is final, heartbeats do not bump the version, a death removes the silo's registrations in
/// the same change, and a grain is registered at most once and only by an Active silo. Each test uses a cluster id
/// of its own; a second instance on the same store stands in for another silo process.
/// </summary>
public abstract class ClusterTablesConformanceTests : IAsyncLifetime
{
    // Millisecond precision (SQLite keeps milliseconds) and a non-UTC offset: instants must survive, not offsets.
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 15, 30, 250, TimeSpan.FromHours(1));

    private static long s_generation = 1_700_000_000_000;

    private readonly List<IMembershipTable> _opened = [];
    private IMembershipTable? _membership;

    protected string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N");

    protected IMembershipTable Membership => _membership ?? throw new InvalidOperationException("The tables are not created yet.");

    protected IGrainDirectoryTable Directory => (IGrainDirectoryTable)Membership;

    public async Task InitializeAsync() => _membership = await OpenAsync(ClusterId);

    public virtual async Task DisposeAsync()
    {
        foreach (var tables in _opened)
        {
            if (tables is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ReadAll_UnknownCluster_ReturnsVersionZeroAndNoEntries()
    {
        var snapshot = await Membership.ReadAllAsync(CancellationToken.None);

        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Entries);
    }

    [Fact]
    public async Task Insert_CurrentVersion_StoresRowAndBumpsVersion()
    {
        var entry = Entry(Silo(), SiloStatus.Joining) with { GatewayPort = 30000, SiloName = "pod-a" };

        Assert.True(await Membership.InsertAsync(entry, 0, CancellationToken.None));

        var snapshot = await Membership.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(entry, Assert.Single(snapshot.Entries));
    }

    [Fact]
    public async Task Insert_StaleVersion_IsRefused()
    {
        Assert.True(await Membership.InsertAsync(Entry(Silo(), SiloStatus.Joining), 0, CancellationToken.None));

        Assert.False(await Membership.InsertAsync(Entry(Silo(), SiloStatus.Joining), 0, CancellationToken.None));

        var snapshot = await Membership.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        Assert.Single(snapshot.Entries);
    }

    [Fact]
    public async Task Insert_ExistingAddress_IsRefusedAndKeepsVersion()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Joining);

        Assert.False(await Membership.InsertAsync(Entry(silo, SiloStatus.Active) with { SiloName = "other" }, 1, CancellationToken.None));

        var snapshot = await Membership.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(snapshot.Entries).Status);
    }

    [Fact]
    public async Task Insert_TwoInstancesRacingOnOneVersion_ExactlyOneWins()
    {
        var other = await OpenAsync(ClusterId);

        var results = await Task.WhenAll(
            Membership.InsertAsync(Entry(Silo(), SiloStatus.Joining), 0, CancellationToken.None),
            other.InsertAsync(Entry(Silo(), SiloStatus.Joining), 0, CancellationToken.None));

        Assert.Single(results, r => r);
        Assert.Equal(1, (await Membership.ReadAllAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public async Task UpdateStatus_CurrentVersion_ChangesStatusAndBumpsVersion()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Joining);

        Assert.True(await Membership.UpdateStatusAsync(silo, SiloStatus.Active, 1, null, CancellationToken.None));

        var snapshot = await Membership.ReadAllAsync(CancellationToken.None);
        Assert.Equal(2, snapshot.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(snapshot.Entries).Status);
    }

    [Fact]
    public async Task UpdateStatus_StaleVersion_IsRefused()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Joining);
        await InsertAsync(Membership, Silo(), SiloStatus.Joining);

        Assert.False(await Membership.UpdateStatusAsync(silo, SiloStatus.Active, 1, null, CancellationToken.None));

        var snapshot = await Membership.ReadAllAsync(CancellationToken.None);
        Assert.Equal(2, snapshot.Version);
        Assert.Equal(SiloStatus.Joining, snapshot.Entries.Single(e => e.Address == silo).Status);
    }

    [Fact]
    public async Task UpdateStatus_MissingRow_IsRefusedAndKeepsVersion()
    {
        await InsertAsync(Membership, Silo(), SiloStatus.Active);

        Assert.False(await Membership.UpdateStatusAsync(Silo(), SiloStatus.Dead, 1, null, CancellationToken.None));

        Assert.Equal(1, (await Membership.ReadAllAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public async Task UpdateStatus_TwoInstancesRacingOnOneVersion_ExactlyOneWins()
    {
        var (first, second) = (Silo(), Silo());
        await InsertAsync(Membership, first, SiloStatus.Joining);
        await InsertAsync(Membership, second, SiloStatus.Joining);
        var other = await OpenAsync(ClusterId);

        var results = await Task.WhenAll(
            Membership.UpdateStatusAsync(first, SiloStatus.Active, 2, null, CancellationToken.None),
            other.UpdateStatusAsync(second, SiloStatus.Active, 2, null, CancellationToken.None));

        Assert.Single(results, r => r);
        var snapshot = await Membership.ReadAllAsync(CancellationToken.None);
        Assert.Equal(3, snapshot.Version);
        Assert.Single(snapshot.Entries, e => e.Status == SiloStatus.Active);
    }

    [Theory]
    [InlineData(SiloStatus.Active)]
    [InlineData(SiloStatus.Dead)]
    public async Task UpdateStatus_DeadRow_IsRefused(SiloStatus status)
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);
        Assert.True(await Membership.UpdateStatusAsync(silo, SiloStatus.Dead, 1, null, CancellationToken.None));

        Assert.False(await Membership.UpdateStatusAsync(silo, status, 2, null, CancellationToken.None));

        var snapshot = await Membership.ReadAllAsync(CancellationToken.None);
        Assert.Equal(2, snapshot.Version);
        Assert.Equal(SiloStatus.Dead, Assert.Single(snapshot.Entries).Status);
    }

    [Fact]
    public async Task UpdateStatus_HeartbeatNotBeforeCutoff_IsRefused()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);
        Assert.True(await Membership.UpdateIAmAliveAsync(silo, T0.AddMinutes(1), CancellationToken.None));

        Assert.False(await Membership.UpdateStatusAsync(silo, SiloStatus.Dead, 1, T0.AddSeconds(30), CancellationToken.None));
        Assert.False(await Membership.UpdateStatusAsync(silo, SiloStatus.Dead, 1, T0.AddMinutes(1), CancellationToken.None));

        var snapshot = await Membership.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(snapshot.Entries).Status);
    }

    [Fact]
    public async Task UpdateStatus_HeartbeatBeforeCutoff_Changes()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);

        Assert.True(await Membership.UpdateStatusAsync(silo, SiloStatus.Dead, 1, T0.AddMilliseconds(1), CancellationToken.None));

        Assert.Equal(SiloStatus.Dead, Assert.Single((await Membership.ReadAllAsync(CancellationToken.None)).Entries).Status);
    }

    [Fact]
    public async Task UpdateIAmAlive_LiveRow_StoresTimeAndKeepsVersion()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);

        Assert.True(await Membership.UpdateIAmAliveAsync(silo, T0.AddSeconds(30), CancellationToken.None));

        var snapshot = await Membership.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(T0.AddSeconds(30), Assert.Single(snapshot.Entries).IAmAliveTime);
    }

    [Fact]
    public async Task UpdateIAmAlive_DeadOrMissingRow_ReturnsFalse()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);
        Assert.True(await Membership.UpdateStatusAsync(silo, SiloStatus.Dead, 1, null, CancellationToken.None));

        Assert.False(await Membership.UpdateIAmAliveAsync(silo, T0.AddSeconds(30), CancellationToken.None));
        Assert.False(await Membership.UpdateIAmAliveAsync(Silo(), T0.AddSeconds(30), CancellationToken.None));

        Assert.Equal(T0, Assert.Single((await Membership.ReadAllAsync(CancellationToken.None)).Entries).IAmAliveTime);
    }

    [Fact]
    public async Task CleanupDefunct_RemovesOnlyDeadRowsOlderThanCutoff()
    {
        var (oldDead, freshDead, oldActive, oldJoining) = (Silo(), Silo(), Silo(), Silo());
        await InsertAsync(Membership, oldDead, SiloStatus.Dead);
        await InsertAsync(Membership, freshDead, SiloStatus.Dead, T0.AddHours(2));
        await InsertAsync(Membership, oldActive, SiloStatus.Active);
        await InsertAsync(Membership, oldJoining, SiloStatus.Joining);

        Assert.Equal(1, await Membership.CleanupDefunctAsync(T0.AddHours(1), CancellationToken.None));

        var snapshot = await Membership.ReadAllAsync(CancellationToken.None);
        Assert.Equal([freshDead, oldActive, oldJoining], snapshot.Entries.Select(e => e.Address).OrderBy(a => a.Generation));
        Assert.Equal(4, snapshot.Version);
    }

    [Fact]
    public async Task Register_ActiveSilo_WinsAndIsFound()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);
        var address = new GrainAddress(Grain(), silo, Guid.NewGuid());

        Assert.Equal(address, await Directory.RegisterAsync(address, CancellationToken.None));

        Assert.Equal(address, await Directory.LookupAsync(address.GrainId, CancellationToken.None));
        Assert.Null(await Directory.LookupAsync(Grain(), CancellationToken.None));
    }

    [Fact]
    public async Task Register_AlreadyRegistered_ReturnsExistingRegistration()
    {
        var (first, second) = (Silo(), Silo());
        await InsertAsync(Membership, first, SiloStatus.Active);
        await InsertAsync(Membership, second, SiloStatus.Active);
        var grain = Grain();
        var winner = await Directory.RegisterAsync(new GrainAddress(grain, first, Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(winner, await Directory.RegisterAsync(new GrainAddress(grain, second, Guid.NewGuid()), CancellationToken.None));
        Assert.Equal(winner, await Directory.RegisterAsync(new GrainAddress(grain, first, Guid.NewGuid()), CancellationToken.None));
    }

    [Fact]
    public async Task Register_ConcurrentlyFromTwoSilos_ExactlyOneWinsAndBothGetIt()
    {
        var (first, second) = (Silo(), Silo());
        await InsertAsync(Membership, first, SiloStatus.Active);
        await InsertAsync(Membership, second, SiloStatus.Active);
        var other = (IGrainDirectoryTable)await OpenAsync(ClusterId);

        for (var i = 0; i < 20; i++)
        {
            var grain = Grain();
            var (mine, theirs) = (new GrainAddress(grain, first, Guid.NewGuid()), new GrainAddress(grain, second, Guid.NewGuid()));

            var results = await Task.WhenAll(
                Directory.RegisterAsync(mine, CancellationToken.None),
                other.RegisterAsync(theirs, CancellationToken.None));

            Assert.NotNull(results[0]);
            Assert.Equal(results[0], results[1]);
            Assert.True(results[0] == mine || results[0] == theirs);
            Assert.Equal(results[0], await Directory.LookupAsync(grain, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData(SiloStatus.Joining)]
    [InlineData(SiloStatus.ShuttingDown)]
    [InlineData(SiloStatus.Dead)]
    [InlineData(SiloStatus.None)]
    public async Task Register_SiloNotActive_ReturnsNullAndRegistersNothing(SiloStatus status)
    {
        var silo = Silo();
        if (status != SiloStatus.None)
        {
            await InsertAsync(Membership, silo, status);
        }

        var address = new GrainAddress(Grain(), silo, Guid.NewGuid());

        Assert.Null(await Directory.RegisterAsync(address, CancellationToken.None));
        Assert.Null(await Directory.LookupAsync(address.GrainId, CancellationToken.None));
    }

    [Fact]
    public async Task Register_SiloNotActiveButGrainRegistered_ReturnsExistingRegistration()
    {
        var (active, leaving) = (Silo(), Silo());
        await InsertAsync(Membership, active, SiloStatus.Active);
        await InsertAsync(Membership, leaving, SiloStatus.ShuttingDown);
        var existing = new GrainAddress(Grain(), active, Guid.NewGuid());
        await Directory.RegisterAsync(existing, CancellationToken.None);

        Assert.Equal(existing, await Directory.RegisterAsync(existing with { Silo = leaving, ActivationId = Guid.NewGuid() }, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStatus_Dead_RemovesOnlyThatSilosRegistrations()
    {
        var (dying, surviving) = (Silo(), Silo());
        await InsertAsync(Membership, dying, SiloStatus.Active);
        await InsertAsync(Membership, surviving, SiloStatus.Active);
        var lost = new[] { Grain(), Grain() };
        foreach (var grain in lost)
        {
            await Directory.RegisterAsync(new GrainAddress(grain, dying, Guid.NewGuid()), CancellationToken.None);
        }

        var kept = await Directory.RegisterAsync(new GrainAddress(Grain(), surviving, Guid.NewGuid()), CancellationToken.None);

        Assert.True(await Membership.UpdateStatusAsync(dying, SiloStatus.Dead, 2, null, CancellationToken.None));

        Assert.Null(await Directory.LookupAsync(lost[0], CancellationToken.None));
        Assert.Null(await Directory.LookupAsync(lost[1], CancellationToken.None));
        Assert.Equal(kept, await Directory.LookupAsync(kept!.Value.GrainId, CancellationToken.None));
        var moved = new GrainAddress(lost[0], surviving, Guid.NewGuid());
        Assert.Equal(moved, await Directory.RegisterAsync(moved, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStatus_ShuttingDown_KeepsRegistrations()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);
        var address = await Directory.RegisterAsync(new GrainAddress(Grain(), silo, Guid.NewGuid()), CancellationToken.None);

        Assert.True(await Membership.UpdateStatusAsync(silo, SiloStatus.ShuttingDown, 1, null, CancellationToken.None));

        Assert.Equal(address, await Directory.LookupAsync(address!.Value.GrainId, CancellationToken.None));
    }

    [Fact]
    public async Task Register_ConcurrentWithDeath_LeavesNoRegistrationOfTheDeadSilo()
    {
        var dying = Silo();
        await InsertAsync(Membership, dying, SiloStatus.Active);
        var other = await OpenAsync(ClusterId);
        var grains = Enumerable.Range(0, 40).Select(_ => Grain()).ToList();

        var registrations = Task.WhenAll(grains.Select(grain =>
            Directory.RegisterAsync(new GrainAddress(grain, dying, Guid.NewGuid()), CancellationToken.None)));
        var death = other.UpdateStatusAsync(dying, SiloStatus.Dead, 1, null, CancellationToken.None);
        await Task.WhenAll(registrations, death);

        Assert.True(await death);
        foreach (var grain in grains)
        {
            Assert.Null(await Directory.LookupAsync(grain, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Unregister_ExactRegistration_RemovesIt()
    {
        var address = await RegisterOnNewSiloAsync();

        Assert.True(await Directory.UnregisterAsync(address, CancellationToken.None));

        Assert.Null(await Directory.LookupAsync(address.GrainId, CancellationToken.None));
        Assert.False(await Directory.UnregisterAsync(address, CancellationToken.None));
    }

    [Fact]
    public async Task Unregister_OtherActivationOrSilo_DoesNothing()
    {
        var address = await RegisterOnNewSiloAsync();

        Assert.False(await Directory.UnregisterAsync(address with { ActivationId = Guid.NewGuid() }, CancellationToken.None));
        Assert.False(await Directory.UnregisterAsync(address with { Silo = Silo() }, CancellationToken.None));

        Assert.Equal(address, await Directory.LookupAsync(address.GrainId, CancellationToken.None));
    }

    [Fact]
    public async Task UnregisterMany_RemovesOnlyExactRegistrations()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);
        var addresses = new List<GrainAddress>();
        for (var i = 0; i < 3; i++)
        {
            addresses.Add((await Directory.RegisterAsync(new GrainAddress(Grain(), silo, Guid.NewGuid()), CancellationToken.None))!.Value);
        }

        await Directory.UnregisterManyAsync([addresses[0], addresses[1] with { ActivationId = Guid.NewGuid() }, new GrainAddress(Grain(), silo, Guid.NewGuid())], CancellationToken.None);
        await Directory.UnregisterManyAsync([], CancellationToken.None);

        Assert.Null(await Directory.LookupAsync(addresses[0].GrainId, CancellationToken.None));
        Assert.Equal(addresses[1], await Directory.LookupAsync(addresses[1].GrainId, CancellationToken.None));
        Assert.Equal(addresses[2], await Directory.LookupAsync(addresses[2].GrainId, CancellationToken.None));
    }

    [Fact]
    public async Task OtherCluster_SameStore_SeesNothingOfThisCluster()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);
        var address = await Directory.RegisterAsync(new GrainAddress(Grain(), silo, Guid.NewGuid()), CancellationToken.None);
        var other = await OpenAsync("test-" + Guid.NewGuid().ToString("N"));
        var otherDirectory = (IGrainDirectoryTable)other;

        var snapshot = await other.ReadAllAsync(CancellationToken.None);
        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Entries);
        Assert.Null(await otherDirectory.LookupAsync(address!.Value.GrainId, CancellationToken.None));
        Assert.Null(await otherDirectory.RegisterAsync(address.Value, CancellationToken.None));

        // The same silo address in the other cluster is a different row: its death leaves this cluster alone.
        await InsertAsync(other, silo, SiloStatus.Active);
        Assert.True(await other.UpdateStatusAsync(silo, SiloStatus.Dead, 1, null, CancellationToken.None));
        Assert.Equal(0, await other.CleanupDefunctAsync(T0, CancellationToken.None));
        Assert.Equal(1, await other.CleanupDefunctAsync(T0.AddDays(1), CancellationToken.None));
        Assert.Equal(address, await Directory.LookupAsync(address.Value.GrainId, CancellationToken.None));
        Assert.Equal(SiloStatus.Active, Assert.Single((await Membership.ReadAllAsync(CancellationToken.None)).Entries).Status);
    }

    [Fact]
    public async Task SecondInstance_SameCluster_SeesChangesOfTheFirst()
    {
        var silo = Silo();
        var other = await OpenAsync(ClusterId);
        await InsertAsync(Membership, silo, SiloStatus.Active);
        var address = await Directory.RegisterAsync(new GrainAddress(Grain(), silo, Guid.NewGuid()), CancellationToken.None);

        var snapshot = await other.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(silo, Assert.Single(snapshot.Entries).Address);
        Assert.Equal(address, await ((IGrainDirectoryTable)other).LookupAsync(address!.Value.GrainId, CancellationToken.None));

        Assert.True(await other.UpdateStatusAsync(silo, SiloStatus.Dead, 1, null, CancellationToken.None));

        Assert.Null(await Directory.LookupAsync(address.Value.GrainId, CancellationToken.None));
        Assert.False(await Membership.UpdateIAmAliveAsync(silo, T0.AddSeconds(1), CancellationToken.None));
    }

    /// <summary>Creates a provider instance for <paramref name="clusterId"/> on this test's store.</summary>
    protected abstract Task<IMembershipTable> CreateTablesAsync(string clusterId);

    /// <summary>Opens and initializes another instance on the same store, as another silo process would.</summary>
    protected async Task<IMembershipTable> OpenAsync(string clusterId)
    {
        var tables = await CreateTablesAsync(clusterId);
        _opened.Add(tables);
        Assert.IsAssignableFrom<IGrainDirectoryTable>(tables);
        await tables.InitializeAsync(CancellationToken.None);
        return tables;
    }

    // Generations grow in creation order, so tests can sort by them.
    private static SiloAddress Silo() => new("10.0.0.7", 11111, Interlocked.Increment(ref s_generation));

    private static GrainId Grain() => new(new GrainType("case"), Guid.NewGuid().ToString("N"));

    private static MembershipEntry Entry(SiloAddress silo, SiloStatus status, DateTimeOffset? iAmAlive = null) =>
        new(silo, "silo", status, 0, T0.AddMinutes(-5), iAmAlive ?? T0);

    // Inserts at the current version, so a test need not count versions for setup rows.
    private static async Task InsertAsync(IMembershipTable table, SiloAddress silo, SiloStatus status, DateTimeOffset? iAmAlive = null)
    {
        var version = (await table.ReadAllAsync(CancellationToken.None)).Version;
        Assert.True(await table.InsertAsync(Entry(silo, status, iAmAlive), version, CancellationToken.None));
    }

    private async Task<GrainAddress> RegisterOnNewSiloAsync()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);
        var address = new GrainAddress(Grain(), silo, Guid.NewGuid());
        Assert.Equal(address, await Directory.RegisterAsync(address, CancellationToken.None));
        return address;
    }
}

public sealed class InMemoryClusterTablesTests : ClusterTablesConformanceTests
{
    // One shared instance per cluster id, as a test cluster gives its silos.
    private readonly Dictionary<string, InMemoryClusterTables> _clusters = [];

    protected override Task<IMembershipTable> CreateTablesAsync(string clusterId)
    {
        if (!_clusters.TryGetValue(clusterId, out var tables))
        {
            _clusters[clusterId] = tables = new InMemoryClusterTables();
        }

        return Task.FromResult<IMembershipTable>(tables);
    }
}

public sealed class SqliteClusterTablesTests : ClusterTablesConformanceTests
{
    private readonly DirectoryInfo _directory = System.IO.Directory.CreateTempSubdirectory("govorleans-cluster-");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task ReadAll_AfterReopeningTheFile_ReturnsStoredRows()
    {
        var silo = new SiloAddress("10.0.0.9", 11111, 42);
        Assert.True(await Membership.InsertAsync(new MembershipEntry(silo, "pod", SiloStatus.Active, 30000, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch), 0, CancellationToken.None));
        await ((IAsyncDisposable)Membership).DisposeAsync();

        await using var reopened = (SqliteClusterTables)await CreateTablesAsync(ClusterId);

        Assert.Equal(silo, Assert.Single((await reopened.ReadAllAsync(CancellationToken.None)).Entries).Address);
    }

    // Each instance has its own connections and writer queue, as a silo in another process would.
    protected override Task<IMembershipTable> CreateTablesAsync(string clusterId) => Task.FromResult<IMembershipTable>(new SqliteClusterTables(
        new SqliteClusteringOptions { ConnectionString = $"Data Source={Path.Combine(_directory.FullName, "data", "cluster.db")}" },
        clusterId,
        NullLogger<SqliteClusterTables>.Instance));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTablesTests(PostgresFixture postgres) : ClusterTablesConformanceTests
{
    // One database for the whole class: every test uses a cluster id of its own.
    private static readonly ConditionalWeakTable<PostgresFixture, Task<string>> Databases = new();

    protected override async Task<IMembershipTable> CreateTablesAsync(string clusterId) => new PostgresClusterTables(
        new PostgresClusteringOptions { ConnectionString = await Databases.GetValue(postgres, fixture => fixture.CreateDatabaseAsync("clustering")) },
        clusterId,
        NullLogger<PostgresClusterTables>.Instance);
}
