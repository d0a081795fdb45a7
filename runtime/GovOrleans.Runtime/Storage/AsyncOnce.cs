namespace GovOrleans.Runtime.Storage;

/// <summary>
/// Runs an asynchronous initialization (schema creation) once for all concurrent callers. A failed attempt is
/// forgotten, so the next call retries instead of every later call failing because the database was down once.
/// </summary>
internal sealed class AsyncOnce(Func<Task> initialize)
{
    private readonly Lock _lock = new();
    private Task? _task;

    public Task EnsureAsync()
    {
        var task = _task;
        if (task is { IsCompletedSuccessfully: true })
        {
            return task;
        }

        lock (_lock)
        {
            if (_task is null || _task.IsFaulted || _task.IsCanceled)
            {
                _task = initialize();
            }

            return _task;
        }
    }
}
