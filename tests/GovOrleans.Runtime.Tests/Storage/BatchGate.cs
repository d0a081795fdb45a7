using System.Collections.Concurrent;
using GovOrleans.Runtime.Storage;

namespace GovOrleans.Runtime.Tests.Storage;

/// <summary>
/// A phase barrier on a provider's write batches: every batch that starts before <see cref="Release"/> waits,
/// holding its in-flight slot, so writes issued meanwhile pile up for the next batch. Records every batch size.
/// </summary>
internal sealed class BatchGate
{
    private readonly TaskCompletionSource _firstBatchStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public Task FirstBatchStarted => _firstBatchStarted.Task;

    public static BatchGate Install(GrainStateWriteBatcher writer)
    {
        var gate = new BatchGate();
        writer.BatchStarting = gate.OnBatchStartingAsync;
        return gate;
    }

    public void Release() => _released.TrySetResult();

    private Task OnBatchStartingAsync(IReadOnlyList<GrainStateWrite> batch)
    {
        BatchSizes.Enqueue(batch.Count);
        _firstBatchStarted.TrySetResult();
        return _released.Task;
    }
}
