using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Testing;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Reminders;

/// <summary>A refresh that read the table before a registration must not arm the older row over the newer one.</summary>
public sealed class ReminderRefreshRaceTests
{
    [Fact]
    public async Task Refresh_ThatReadBeforeARegistration_KeepsTheNewerRegistration()
    {
        var time = new FakeTimeProvider();
        var table = new GatedReminderTable(new InMemoryReminderTable());
        await using var cluster = await new InProcessTestClusterBuilder()
            .UseTimeProvider(time)
            .WithSetting("Silo:Reminders:RefreshReminderListPeriod", "00:01:00")
            .ConfigureSilo(silo => silo.Services.AddSingleton<IReminderTable>(table))
            .ConfigureServices(services => services.AddTestGrainServices())
            .BuildAndStartAsync();
        var log = cluster.Services.GetRequiredService<ReminderLog>();
        var grain = cluster.GrainFactory.GetGrain<IReminderGrain>("raced");
        var start = time.GetUtcNow();
        await grain.RegisterAsync("r", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));

        // The periodic refresh reads the first registration and is held there while the grain registers again.
        var first = table.HoldNextRead();
        time.Advance(TimeSpan.FromMinutes(1));
        await first.Started.WaitAsync(TimeSpan.FromSeconds(10));
        await grain.RegisterAsync("r", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10));
        first.Release();

        // Refreshes run one at a time: once the next one reads, the held one has armed whatever it was going to.
        var second = table.HoldNextRead();
        time.Advance(TimeSpan.FromMinutes(1));
        await second.Started.WaitAsync(TimeSpan.FromSeconds(10));
        second.Release();

        time.Advance(TimeSpan.FromMinutes(1));
        await log.WaitForTickAsync("raced");
        Assert.Equal(start + TimeSpan.FromMinutes(3), Assert.Single(log.Ticks("raced")).Status.CurrentTickTime);
    }

    /// <summary>Delegates to a table; a held read takes its rows at once and hands them back only when released.</summary>
    private sealed class GatedReminderTable(IReminderTable inner) : IReminderTable
    {
        private Hold? _hold;

        public Hold HoldNextRead() => Interlocked.Exchange(ref _hold, new Hold()) is null ? _hold! : throw new InvalidOperationException("Already held.");

        public Task InitAsync(CancellationToken cancellationToken) => inner.InitAsync(cancellationToken);

        public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId) => inner.ReadRowsAsync(grainId);

        public async Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint begin, uint end)
        {
            var rows = await inner.ReadRangeAsync(begin, end);
            if (Interlocked.Exchange(ref _hold, null) is { } hold)
            {
                hold.OnStarted();
                await hold.Released;
            }

            return rows;
        }

        public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName) => inner.ReadRowAsync(grainId, reminderName);

        public Task<string> UpsertRowAsync(ReminderEntry entry) => inner.UpsertRowAsync(entry);

        public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag) => inner.RemoveRowAsync(grainId, reminderName, eTag);

        public Task<bool> TryClaimTickAsync(GrainId grainId, string reminderName, string eTag, DateTimeOffset tickTime) =>
            inner.TryClaimTickAsync(grainId, reminderName, eTag, tickTime);
    }

    private sealed class Hold
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public Task Released => _released.Task;

        public void OnStarted() => _started.TrySetResult();

        public void Release() => _released.TrySetResult();
    }
}
