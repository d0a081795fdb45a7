using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Runtime.Storage;

/// <summary>
/// Group commit for grain state: concurrent writes are queued, and a single loop hands everything queued (up to
/// the batch size) to the provider as one transaction. A commit costs about the same for one row as for a hundred,
/// so under load this multiplies throughput without weakening durability: a caller's task completes only after
/// the transaction holding its write has committed.
/// </summary>
internal sealed partial class GrainStateWriteBatcher : IAsyncDisposable
{
    private readonly Channel<GrainStateWrite> _queue =
        Channel.CreateUnbounded<GrainStateWrite>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<GrainStateWrite>, Task> _executeBatch;
    private readonly SemaphoreSlim _slots;
    private readonly int _maxBatchSize;
    private readonly int _maxConcurrentBatches;
    private readonly string _storageName;
    private readonly ILogger _logger;
    private readonly Task _loop;

    /// <param name="executeBatch">
    /// Runs one batch in one transaction and completes every item after the commit. If it throws, every item it
    /// has not completed fails with that exception.
    /// </param>
    /// <param name="maxBatchSize">The most writes in one transaction.</param>
    /// <param name="maxConcurrentBatches">Transactions in flight at once; 1 for a single-writer store.</param>
    /// <param name="storageName">The provider's registered name, for logs.</param>
    /// <param name="logger">The provider's logger.</param>
    public GrainStateWriteBatcher(
        Func<IReadOnlyList<GrainStateWrite>, Task> executeBatch,
        int maxBatchSize,
        int maxConcurrentBatches,
        string storageName,
        ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentBatches, 1);
        _executeBatch = executeBatch;
        _maxBatchSize = maxBatchSize;
        _maxConcurrentBatches = maxConcurrentBatches;
        _slots = new SemaphoreSlim(maxConcurrentBatches, maxConcurrentBatches);
        _storageName = storageName;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Test hook: awaited before each batch executes, while the batch holds its in-flight slot.</summary>
    internal Func<IReadOnlyList<GrainStateWrite>, Task>? BatchStarting { get; set; }

    /// <summary>Queues a write; the task completes after its transaction commits.</summary>
    /// <exception cref="ObjectDisposedException">The provider is shutting down.</exception>
    public Task<int?> EnqueueAsync(GrainStateWrite write)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(GrainStateWriteBatcher), $"Storage '{_storageName}' is shut down.");
        }

        return write.Completion.Task;
    }

    /// <summary>Stops taking writes, finishes everything already queued, then returns.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _slots.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                // Take the slot before draining: while all slots are busy, writes keep piling up for the next batch.
                await _slots.WaitAsync().ConfigureAwait(false);
                var batch = new List<GrainStateWrite>();
                while (batch.Count < _maxBatchSize && reader.TryRead(out var write))
                {
                    batch.Add(write);
                }

                _ = ExecuteAsync(batch);
            }

            // Completed and drained: wait until the batches still in flight give their slots back.
            for (var i = 0; i < _maxConcurrentBatches; i++)
            {
                await _slots.WaitAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // Unreachable by design; if it happens anyway, callers must get an error rather than wait forever.
            LogWriterFailed(_logger, exception, _storageName);
            _queue.Writer.TryComplete(exception);
            while (reader.TryRead(out var write))
            {
                write.Completion.TrySetException(exception);
            }
        }
    }

    private async Task ExecuteAsync(List<GrainStateWrite> batch)
    {
        try
        {
            if (BatchStarting is { } hook)
            {
                await hook(batch).ConfigureAwait(false);
            }

            await _executeBatch(batch).ConfigureAwait(false);
            LogBatchCommitted(_logger, _storageName, batch.Count);

            // A provider bug must surface as an error, not as callers waiting forever.
            foreach (var write in batch)
            {
                // Checked first: building the exception for every write of every successful batch costs real allocations.
                if (!write.Completion.Task.IsCompleted)
                {
                    write.Completion.TrySetException(new InvalidOperationException($"Storage '{_storageName}' did not complete a write of its batch."));
                }
            }
        }
        catch (Exception exception)
        {
            LogBatchFailed(_logger, exception, _storageName, batch.Count);
            foreach (var write in batch)
            {
                write.Completion.TrySetException(exception);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Storage {StorageName} committed a batch of {Count} writes")]
    private static partial void LogBatchCommitted(ILogger logger, string storageName, int count);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Storage {StorageName} failed a batch of {Count} writes; each caller gets the error")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string storageName, int count);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Critical, Message = "Storage {StorageName} stopped writing; every later write fails")]
    private static partial void LogWriterFailed(ILogger logger, Exception exception, string storageName);
}
