using System.Diagnostics;

namespace GovOrleans.Runtime.Testing;

/// <summary>
/// Waits for a condition that other threads or processes make true (load progress, a membership view, a projection
/// catching up), checking it every few milliseconds up to a limit. For conditions on real time only; code on a
/// <see cref="FakeTimeProvider"/> advances the clock instead.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>True once <paramref name="condition"/> holds; false when <paramref name="limit"/> passed first.</summary>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), limit);
    }

    /// <summary>True once <paramref name="condition"/> holds; false when <paramref name="limit"/> passed first.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(Interval);
        }

        return true;
    }
}
