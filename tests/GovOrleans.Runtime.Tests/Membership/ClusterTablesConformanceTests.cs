using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.GrainDirectory;
using GovOrleans.Runtime.Membership;

namespace GovOrleans.Runtime.Tests.Membership;

/// <summary>
/// The behaviour every cluster tables provider must share: inserts and status changes are compare-and-swap on the
/// table version, Dead is final, heartbeats do not bump the version, a death removes the silo's registrations in
/// the same change, and a grain is registered at most once and only by an Active silo. Each test uses a cluster id
/// of its own; a second instance on the same store stands in for another silo process.
/// </summary>
public abstract partial class ClusterTablesConformanceTests : IAsyncLifetime
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
