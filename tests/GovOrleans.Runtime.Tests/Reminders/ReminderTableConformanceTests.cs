using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Reminders;

namespace GovOrleans.Runtime.Tests.Reminders;

/// <summary>
/// The behaviour every <see cref="IReminderTable"/> must share: upsert bumps the ETag, removal needs the current
/// ETag, and ring ranges are (begin, end] over unsigned hashes, wrapping past zero. Each test gets a fresh table.
/// </summary>
public abstract class ReminderTableConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset StartAt = new(2026, 11, 21, 11, 30, 15, 123, TimeSpan.FromHours(1));
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    private IReminderTable? _table;

    protected IReminderTable Table => _table ?? throw new InvalidOperationException("The table is not created yet.");

    public async Task InitializeAsync()
    {
        _table = await CreateTableAsync("govorleans");
        await _table.InitAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        if (_table is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReadRow_Missing_ReturnsNull()
    {
        Assert.Null(await Table.ReadRowAsync(NewGrainId(), "daily"));
        Assert.Empty(await Table.ReadRowsAsync(NewGrainId()));
    }

    [Fact]
    public async Task UpsertRow_New_ReturnsETagAndReadsBack()
    {
        var grainId = NewGrainId();

        var eTag = await Table.UpsertRowAsync(new ReminderEntry(grainId, "daily", StartAt, Period, null));

        var row = await Table.ReadRowAsync(grainId, "daily");
        Assert.NotNull(row);
        Assert.Equal(grainId, row.GrainId);
        Assert.Equal("daily", row.ReminderName);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(Period, row.Period);
        Assert.Equal(eTag, row.ETag);
    }

    [Fact]
    public async Task UpsertRow_Existing_ReplacesValuesAndChangesETag()
    {
        var grainId = NewGrainId();
        var first = await Table.UpsertRowAsync(new ReminderEntry(grainId, "daily", StartAt, Period, null));

        var second = await Table.UpsertRowAsync(new ReminderEntry(grainId, "daily", StartAt.AddHours(1), TimeSpan.FromMinutes(10), first));

        Assert.NotEqual(first, second);
        var row = await Table.ReadRowAsync(grainId, "daily");
        Assert.NotNull(row);
        Assert.Equal(StartAt.AddHours(1), row.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(10), row.Period);
        Assert.Equal(second, row.ETag);
        Assert.Single(await Table.ReadRowsAsync(grainId));
    }

    [Fact]
    public async Task ReadRows_SeveralGrains_ReturnsOnlyThatGrainsReminders()
    {
        var key = Guid.NewGuid().ToString("N");
        var citizen = new GrainId(new GrainType("citizen"), key);
        var permit = new GrainId(new GrainType("permit"), key);
        await Table.UpsertRowAsync(new ReminderEntry(citizen, "daily", StartAt, Period, null));
        await Table.UpsertRowAsync(new ReminderEntry(citizen, "weekly", StartAt, Period, null));
        await Table.UpsertRowAsync(new ReminderEntry(permit, "daily", StartAt, Period, null));

        var rows = await Table.ReadRowsAsync(citizen);

        Assert.Equal(["daily", "weekly"], rows.Select(r => r.ReminderName).Order());
        Assert.All(rows, r => Assert.Equal(citizen, r.GrainId));
    }

    [Fact]
    public async Task RemoveRow_CurrentETag_DeletesRow()
    {
        var grainId = NewGrainId();
        var eTag = await Table.UpsertRowAsync(new ReminderEntry(grainId, "daily", StartAt, Period, null));

        Assert.True(await Table.RemoveRowAsync(grainId, "daily", eTag));

        Assert.Null(await Table.ReadRowAsync(grainId, "daily"));
    }

    [Fact]
    public async Task RemoveRow_StaleETag_KeepsRow()
    {
        var grainId = NewGrainId();
        var stale = await Table.UpsertRowAsync(new ReminderEntry(grainId, "daily", StartAt, Period, null));
        var current = await Table.UpsertRowAsync(new ReminderEntry(grainId, "daily", StartAt, Period, stale));

        Assert.False(await Table.RemoveRowAsync(grainId, "daily", stale));

        Assert.Equal(current, (await Table.ReadRowAsync(grainId, "daily"))?.ETag);
    }

    [Fact]
    public async Task RemoveRow_MissingOrMalformedETag_ReturnsFalse()
    {
        var grainId = NewGrainId();
        await Table.UpsertRowAsync(new ReminderEntry(grainId, "daily", StartAt, Period, null));

        Assert.False(await Table.RemoveRowAsync(NewGrainId(), "daily", "1"));
        Assert.False(await Table.RemoveRowAsync(grainId, "daily", "not-a-version"));
        Assert.NotNull(await Table.ReadRowAsync(grainId, "daily"));
    }

    [Fact]
    public async Task ReadRange_BeginBelowEnd_ExcludesBeginIncludesEnd()
    {
        var hashes = await UpsertManyAsync();
        var begin = hashes[5];
        var end = hashes[20];

        var rows = await Table.ReadRangeAsync(begin, end);

        Assert.Equal(hashes.Where(h => h > begin && h <= end), HashesOf(rows));
        Assert.DoesNotContain(begin, HashesOf(rows));
        Assert.Contains(end, HashesOf(rows));
    }

    [Fact]
    public async Task ReadRange_BeginAboveEnd_WrapsAroundZero()
    {
        var hashes = await UpsertManyAsync();
        var begin = hashes[25];
        var end = hashes[3];

        var rows = await Table.ReadRangeAsync(begin, end);

        Assert.Equal(hashes.Where(h => h > begin || h <= end), HashesOf(rows));
    }

    [Fact]
    public async Task ReadRange_BeginEqualsEnd_ReturnsWholeRing()
    {
        var hashes = await UpsertManyAsync();

        var rows = await Table.ReadRangeAsync(hashes[7], hashes[7]);

        Assert.Equal(hashes, HashesOf(rows));
    }

    [Fact]
    public async Task ReadRange_UpperHalfOfRing_ComparesHashesUnsigned()
    {
        var hashes = await UpsertManyAsync();
        Assert.Contains(hashes, h => h > int.MaxValue);
        Assert.Contains(hashes, h => h <= int.MaxValue);

        var upper = await Table.ReadRangeAsync(int.MaxValue, uint.MaxValue);
        var lower = await Table.ReadRangeAsync(uint.MaxValue, int.MaxValue);

        Assert.Equal(hashes.Where(h => h > int.MaxValue), HashesOf(upper));
        Assert.Equal(hashes.Where(h => h <= int.MaxValue), HashesOf(lower));
    }

    [Fact]
    public async Task ReadRange_OtherServiceId_DoesNotSeeRows()
    {
        var other = await CreateTableAsync("other-service");
        try
        {
            var grainId = NewGrainId();
            await other.UpsertRowAsync(new ReminderEntry(grainId, "daily", StartAt, Period, null));

            Assert.Empty(await Table.ReadRangeAsync(0, 0));
            Assert.Null(await Table.ReadRowAsync(grainId, "daily"));
        }
        finally
        {
            if (other is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TryClaimTick_SameTickTwice_OnlyTheFirstWinsAndIsReadBack()
    {
        var grainId = NewGrainId();
        var eTag = await Table.UpsertRowAsync(new ReminderEntry(grainId, "daily", StartAt, Period, null));
        Assert.Null((await Table.ReadRowAsync(grainId, "daily"))?.LastTick);

        Assert.True(await Table.TryClaimTickAsync(grainId, "daily", eTag, StartAt));
        Assert.False(await Table.TryClaimTickAsync(grainId, "daily", eTag, StartAt));

        var row = await Table.ReadRowAsync(grainId, "daily");
        Assert.Equal(StartAt, row?.LastTick);
        Assert.Equal(eTag, row?.ETag);
    }

    [Fact]
    public async Task TryClaimTick_EarlierTickAfterLaterOne_Loses()
    {
        var grainId = NewGrainId();
        var eTag = await Table.UpsertRowAsync(new ReminderEntry(grainId, "daily", StartAt, Period, null));

        Assert.True(await Table.TryClaimTickAsync(grainId, "daily", eTag, StartAt + Period));
        Assert.False(await Table.TryClaimTickAsync(grainId, "daily", eTag, StartAt));
        Assert.True(await Table.TryClaimTickAsync(grainId, "daily", eTag, StartAt + Period + Period));
    }

    [Fact]
    public async Task TryClaimTick_ReplacedOrRemovedRegistration_Loses()
    {
        var grainId = NewGrainId();
        var stale = await Table.UpsertRowAsync(new ReminderEntry(grainId, "daily", StartAt, Period, null));
        Assert.True(await Table.TryClaimTickAsync(grainId, "daily", stale, StartAt));
        var current = await Table.UpsertRowAsync(new ReminderEntry(grainId, "daily", StartAt, Period, stale));

        Assert.False(await Table.TryClaimTickAsync(grainId, "daily", stale, StartAt + Period));
        Assert.Null((await Table.ReadRowAsync(grainId, "daily"))?.LastTick);
        Assert.True(await Table.TryClaimTickAsync(grainId, "daily", current, StartAt));

        Assert.True(await Table.RemoveRowAsync(grainId, "daily", current));
        Assert.False(await Table.TryClaimTickAsync(grainId, "daily", current, StartAt + Period));
        Assert.False(await Table.TryClaimTickAsync(NewGrainId(), "daily", "1", StartAt));
        Assert.False(await Table.TryClaimTickAsync(grainId, "daily", "not-a-version", StartAt));
    }

    /// <summary>A fresh table; tables created by one test with the same service id share rows.</summary>
    protected abstract Task<IReminderTable> CreateTableAsync(string serviceId);

    private static GrainId NewGrainId() => new(new GrainType("case"), Guid.NewGuid().ToString("N"));

    private static uint[] HashesOf(IReadOnlyList<ReminderEntry> rows) => [.. rows.Select(r => r.GrainId.GetUniformHashCode()).Order()];

    /// <summary>Stores one reminder for each of 32 grains with fixed keys; returns their hashes in ascending order.</summary>
    private async Task<uint[]> UpsertManyAsync()
    {
        var grainIds = Enumerable.Range(0, 32).Select(i => new GrainId(new GrainType("case"), $"ring-{i}")).ToArray();
        foreach (var grainId in grainIds)
        {
            await Table.UpsertRowAsync(new ReminderEntry(grainId, "tick", StartAt, Period, null));
        }

        var hashes = grainIds.Select(g => g.GetUniformHashCode()).Order().ToArray();
        Assert.Equal(hashes.Length, hashes.Distinct().Count());
        return hashes;
    }
}
