namespace GovOrleans.Runtime.Tests;

/// <summary>Waits for a phase of a test, failing with the phase's name instead of hanging the run.</summary>
internal static class TestTimeout
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task Within(this Task task, string phase)
    {
        try
        {
            await task.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Phase '{phase}' did not finish within {Limit}.");
        }
    }

    public static async Task<T> Within<T>(this Task<T> task, string phase)
    {
        await ((Task)task).Within(phase);
        return await task;
    }
}
