namespace GovOrleans.Grains.Tests;

/// <summary>Bounds a phase barrier so that a missed event fails the test with the phase's name instead of hanging.</summary>
internal static class TestTimeout
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);

    public static async Task Within(this Task task, string phase)
    {
        try
        {
            await task.WaitAsync(s_limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Phase '{phase}' did not finish within {s_limit}.");
        }
    }

    public static async Task<T> Within<T>(this Task<T> task, string phase)
    {
        await ((Task)task).Within(phase);
        return await task;
    }
}
