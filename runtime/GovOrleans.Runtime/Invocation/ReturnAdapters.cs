namespace GovOrleans.Runtime.Invocation;

/// <summary>Turns every supported return shape into a Task of a result, allocating nothing for completed calls.</summary>
internal static class ReturnAdapters
{
    public static readonly Task<object?> CompletedNull = Task.FromResult<object?>(null);

    public static Task<object?> FromTask(Task task) => task.IsCompletedSuccessfully ? CompletedNull : AwaitTask(task);

    public static Task<object?> FromValueTask(ValueTask task) => task.IsCompletedSuccessfully ? CompletedNull : AwaitTask(task.AsTask());

    public static Task<T> FromValueTaskOfT<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? Task.FromResult(task.Result) : task.AsTask();

    private static async Task<object?> AwaitTask(Task task)
    {
        // Completing where the grain's task completes (its own turn) avoids one more hop through its scheduler.
        await task.ConfigureAwait(false);
        return null;
    }
}
