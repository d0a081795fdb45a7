using GovOrleans.Runtime.Caching;

namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>The bounded cache behind the router's grain locations and the wire type names.</summary>
public sealed class ClockCacheTests
{
    [Fact]
    public void Set_BeyondCapacity_KeepsTheCountAtOrUnderTheCapacity()
    {
        var cache = new ClockCache<int, string>(64);

        for (var i = 0; i < 10_000; i++)
        {
            cache.Set(i, $"v{i}");
            Assert.True(cache.Count <= 64, $"after {i + 1} insertions the count is {cache.Count}");
        }

        // The latest insertion is always kept, and what is kept still maps to its own value.
        Assert.True(cache.TryGet(9_999, out var last));
        Assert.Equal("v9999", last);
        var kept = Enumerable.Range(0, 10_000).Count(i => cache.TryGet(i, out var value) && value == $"v{i}");
        Assert.Equal(cache.Count, kept);
        Assert.True(kept > 32, $"only {kept} entries kept");
    }

    [Fact]
    public void Eviction_SparesEntriesUsedSinceTheLastSweep()
    {
        var cache = new ClockCache<int, int>(32);
        for (var i = 0; i < 32; i++)
        {
            cache.Set(i, i);
        }

        // Read one key between sweeps: it survives every sweep while unread ones go.
        for (var round = 0; round < 100; round++)
        {
            Assert.True(cache.TryGet(7, out _), $"key 7 evicted in round {round}");
            cache.Set(2000 + round, round);
        }

        Assert.True(cache.TryGet(7, out var seven));
        Assert.Equal(7, seven);
        Assert.True(cache.Count <= 32);
    }

    [Fact]
    public void SetRemoveAndRemoveWhere_KeepTheCountExact()
    {
        var cache = new ClockCache<string, int>(100);
        cache.Set("a", 1);
        cache.Set("a", 2);
        cache.Set("b", 3);
        cache.Set("c", 3);

        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(2, a);

        Assert.True(cache.Remove("a"));
        Assert.False(cache.Remove("a"));
        Assert.Equal(2, cache.RemoveWhere(static (value, dead) => value == dead, 3));
        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet("b", out _));
    }

    [Fact]
    public async Task ConcurrentReadersAndWriters_NeverPassTheCapacity()
    {
        var cache = new ClockCache<int, int>(128);
        var overflow = 0;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var key = (w * 1_000_000) + i;
                cache.Set(key, key);
                if (i % 3 == 0)
                {
                    cache.Remove(key - 1);
                }

                if (cache.Count > 128)
                {
                    Interlocked.Increment(ref overflow);
                }
            }
        }));
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            for (var i = 0; i < 200_000; i++)
            {
                if (cache.TryGet(i % 5_000, out var value))
                {
                    Assert.Equal(i % 5_000, value);
                }
            }
        }));

        await Task.WhenAll(writers.Concat(readers)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, overflow);
        var counted = Enumerable.Range(0, 4).Sum(w => Enumerable.Range(0, 20_000).Count(i => cache.TryGet((w * 1_000_000) + i, out _)));
        Assert.Equal(cache.Count, counted);
    }
}
