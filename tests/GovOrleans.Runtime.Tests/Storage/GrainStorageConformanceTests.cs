using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;

namespace GovOrleans.Runtime.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IGrainStorage"/> must share: ETag = stored version, conflicts change nothing,
/// clears leave a versioned tombstone, rows are keyed by full grain id and state name. Each test gets a fresh store.
/// </summary>
public abstract class GrainStorageConformanceTests : IAsyncLifetime
{
    protected const string StateName = "case";

    private IGrainStorage? _storage;

    protected IGrainStorage Storage => _storage ?? throw new InvalidOperationException("The store is not created yet.");

    public async Task InitializeAsync() => _storage = await CreateStorageAsync();

    public virtual async Task DisposeAsync()
    {
        if (_storage is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReadState_NoRow_ReturnsDefaultStateWithoutETag()
    {
        var state = await ReadAsync(NewGrainId());

        Assert.NotNull(state.State);
        Assert.Equal(string.Empty, state.State.Title);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task WriteState_NewRow_RoundTripsStateWithVersionOne()
    {
        var grainId = NewGrainId();
        var written = NewState("Parking permit", CaseStatus.Approved);
        written.State.Notes.Add("checked");
        written.State.Applicant = new CaseApplicant("A-17", new DateOnly(2024, 2, 29));

        await Storage.WriteStateAsync(StateName, grainId, written);
        var read = await ReadAsync(grainId);

        Assert.Equal("1", written.ETag);
        Assert.True(written.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal("Parking permit", read.State.Title);
        Assert.Equal(CaseStatus.Approved, read.State.Status);
        Assert.Equal(["checked"], read.State.Notes);
        Assert.Equal(new CaseApplicant("A-17", new DateOnly(2024, 2, 29)), read.State.Applicant);
    }

    [Fact]
    public async Task WriteState_CurrentETag_IncrementsVersion()
    {
        var grainId = NewGrainId();
        var state = NewState("v1");
        await Storage.WriteStateAsync(StateName, grainId, state);

        state.State.Title = "v2";
        await Storage.WriteStateAsync(StateName, grainId, state);

        Assert.Equal("2", state.ETag);
        var read = await ReadAsync(grainId);
        Assert.Equal("v2", read.State.Title);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task WriteState_StaleETag_ThrowsAndKeepsStoredValue()
    {
        var grainId = NewGrainId();
        var first = NewState("first");
        await Storage.WriteStateAsync(StateName, grainId, first);
        var second = await ReadAsync(grainId);
        second.State.Title = "second";
        await Storage.WriteStateAsync(StateName, grainId, second);

        first.State.Title = "stale";
        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, first));

        Assert.Equal("1", exception.CurrentEtag);
        Assert.DoesNotContain("stale", exception.Message, StringComparison.Ordinal);
        Assert.Equal("1", first.ETag);
        var read = await ReadAsync(grainId);
        Assert.Equal("second", read.State.Title);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task WriteState_NullETagWhenRowExists_Throws()
    {
        var grainId = NewGrainId();
        await Storage.WriteStateAsync(StateName, grainId, NewState("first"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, NewState("second")));

        Assert.Equal("first", (await ReadAsync(grainId)).State.Title);
    }

    [Fact]
    public async Task WriteState_NonNumericETag_ThrowsInconsistentState()
    {
        var state = NewState("x");
        state.ETag = "W/\"abc\"";

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, NewGrainId(), state));

        Assert.Equal("W/\"abc\"", exception.CurrentEtag);
    }

    [Fact]
    public async Task WriteState_CallerMutatesStateAfterWrite_StoredValueUnchanged()
    {
        var grainId = NewGrainId();
        var state = NewState("written");
        await Storage.WriteStateAsync(StateName, grainId, state);

        state.State.Title = "mutated in memory";
        state.State.Notes.Add("not saved");

        var read = await ReadAsync(grainId);
        Assert.Equal("written", read.State.Title);
        Assert.Empty(read.State.Notes);
    }

    [Fact]
    public async Task ClearState_CurrentETag_LeavesTombstoneWithNewVersion()
    {
        var grainId = NewGrainId();
        var state = NewState("to clear");
        await Storage.WriteStateAsync(StateName, grainId, state);

        await Storage.ClearStateAsync(StateName, grainId, state);

        Assert.Equal("2", state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(string.Empty, state.State.Title);
        var read = await ReadAsync(grainId);
        Assert.Equal("2", read.ETag);
        Assert.False(read.RecordExists);
        Assert.Equal(string.Empty, read.State.Title);
    }

    [Fact]
    public async Task ClearState_StaleETag_ThrowsAndKeepsStoredValue()
    {
        var grainId = NewGrainId();
        var stale = NewState("v1");
        await Storage.WriteStateAsync(StateName, grainId, stale);
        var current = await ReadAsync(grainId);
        current.State.Title = "v2";
        await Storage.WriteStateAsync(StateName, grainId, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, stale));

        var read = await ReadAsync(grainId);
        Assert.True(read.RecordExists);
        Assert.Equal("v2", read.State.Title);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task ClearState_NoRowAndNullETag_SucceedsWithoutVersion()
    {
        var grainId = NewGrainId();
        var state = NewState("never written");

        await Storage.ClearStateAsync(StateName, grainId, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Null((await ReadAsync(grainId)).ETag);
    }

    [Fact]
    public async Task WriteState_AfterClearWithTombstoneETag_ContinuesVersions()
    {
        var grainId = NewGrainId();
        var state = NewState("first life");
        await Storage.WriteStateAsync(StateName, grainId, state);
        await Storage.ClearStateAsync(StateName, grainId, state);

        state.State.Title = "second life";
        await Storage.WriteStateAsync(StateName, grainId, state);

        Assert.Equal("3", state.ETag);
        var read = await ReadAsync(grainId);
        Assert.True(read.RecordExists);
        Assert.Equal("second life", read.State.Title);
        Assert.Equal("3", read.ETag);
    }

    [Fact]
    public async Task WriteState_NullETagAfterClear_ThrowsBecauseTombstoneHasVersion()
    {
        var grainId = NewGrainId();
        var state = NewState("first");
        await Storage.WriteStateAsync(StateName, grainId, state);
        await Storage.ClearStateAsync(StateName, grainId, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, NewState("from scratch")));
    }

    [Fact]
    public async Task WriteState_ConcurrentNullETagWriters_ExactlyOneWins()
    {
        var grainId = NewGrainId();
        var writers = Enumerable.Range(0, 8).Select(i => NewState($"writer {i}")).ToArray();

        var outcomes = await Task.WhenAll(writers.Select(async state =>
        {
            try
            {
                await Storage.WriteStateAsync(StateName, grainId, state);
                return (State: state, Error: (Exception?)null);
            }
            catch (Exception exception)
            {
                return (State: state, Error: exception);
            }
        })).Within("null-ETag writers");

        var winner = Assert.Single(outcomes, outcome => outcome.Error is null).State;
        Assert.All(outcomes.Where(outcome => outcome.Error is not null), outcome => Assert.IsType<InconsistentStateException>(outcome.Error));
        var read = await ReadAsync(grainId);
        Assert.Equal(winner.State.Title, read.State.Title);
        Assert.Equal("1", read.ETag);
    }

    [Fact]
    public async Task WriteState_SameKeyDifferentGrainTypes_KeepsRowsApart()
    {
        var key = Guid.NewGuid().ToString("N");
        var citizen = new GrainId(new GrainType("citizen"), key);
        var permit = new GrainId(new GrainType("permit"), key);

        await Storage.WriteStateAsync(StateName, citizen, NewState("citizen row"));
        await Storage.WriteStateAsync(StateName, permit, NewState("permit row"));

        Assert.Equal("citizen row", (await ReadAsync(citizen)).State.Title);
        Assert.Equal("permit row", (await ReadAsync(permit)).State.Title);
        Assert.Equal("1", (await ReadAsync(permit)).ETag);
    }

    [Fact]
    public async Task WriteState_DigitKeysDifferingInLeadingZero_KeepsRowsApart()
    {
        var type = new GrainType("case" + Guid.NewGuid().ToString("N")[..8]);
        var padded = new GrainId(type, "020235");
        var plain = new GrainId(type, "20235");

        await Storage.WriteStateAsync(StateName, padded, NewState("padded"));
        await Storage.WriteStateAsync(StateName, plain, NewState("plain"));

        Assert.Equal("padded", (await ReadAsync(padded)).State.Title);
        Assert.Equal("plain", (await ReadAsync(plain)).State.Title);
    }

    [Fact]
    public async Task WriteState_DifferentStateNames_KeepsRowsApart()
    {
        var grainId = NewGrainId();

        await Storage.WriteStateAsync("profile", grainId, NewState("profile"));
        await Storage.WriteStateAsync("history", grainId, NewState("history"));

        var profile = new GrainState<CaseState>(new CaseState());
        await Storage.ReadStateAsync("profile", grainId, profile);
        Assert.Equal("profile", profile.State.Title);
        Assert.Equal("1", profile.ETag);
    }

    [Fact]
    public async Task ReadState_TypeWithoutParameterlessConstructor_ReturnsDefault()
    {
        var state = new GrainState<CaseApplicant>(new CaseApplicant("x", default));

        await Storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.Null(state.State);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task WriteState_RecordWithConstructor_RoundTrips()
    {
        var grainId = NewGrainId();
        await Storage.WriteStateAsync(StateName, grainId, new GrainState<CaseApplicant>(new CaseApplicant("B-2", new DateOnly(2020, 1, 1))));

        var read = new GrainState<CaseApplicant>(null!);
        await Storage.ReadStateAsync(StateName, grainId, read);

        Assert.Equal(new CaseApplicant("B-2", new DateOnly(2020, 1, 1)), read.State);
    }

    [Fact]
    public async Task WriteState_ManyGrainsInParallel_EachGetsIncreasingVersionsAndLastValueSticks()
    {
        const int Grains = 200;
        const int WritesPerGrain = 5;
        var grainIds = Enumerable.Range(0, Grains).Select(_ => NewGrainId()).ToArray();

        var versions = await Task.WhenAll(grainIds.Select(grainId => Task.Run(async () =>
        {
            var state = NewState(string.Empty);
            var acknowledged = new List<string>();
            for (var i = 1; i <= WritesPerGrain; i++)
            {
                state.State.Title = $"{grainId.Key} write {i}";
                state.State.Revision = i;
                await Storage.WriteStateAsync(StateName, grainId, state);
                acknowledged.Add(state.ETag!);
            }

            return acknowledged;
        }))).Within("parallel writes");

        var expectedVersions = Enumerable.Range(1, WritesPerGrain).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(versions, acknowledged => Assert.Equal(expectedVersions, acknowledged));
        foreach (var grainId in grainIds)
        {
            var read = await ReadAsync(grainId);
            Assert.Equal($"{grainId.Key} write {WritesPerGrain}", read.State.Title);
            Assert.Equal(WritesPerGrain, read.State.Revision);
            Assert.Equal("5", read.ETag);
        }
    }

    protected abstract Task<IGrainStorage> CreateStorageAsync();

    protected static GrainId NewGrainId() => new(new GrainType("case"), Guid.NewGuid().ToString("N"));

    protected static GrainState<CaseState> NewState(string title, CaseStatus status = CaseStatus.Draft) =>
        new(new CaseState { Title = title, Status = status });

    protected async Task<GrainState<CaseState>> ReadAsync(GrainId grainId, IGrainStorage? storage = null)
    {
        var state = new GrainState<CaseState>(new CaseState { Title = "not read" });
        await (storage ?? Storage).ReadStateAsync(StateName, grainId, state);
        return state;
    }
}
