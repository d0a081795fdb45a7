using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// The single writer of the trail. Requests hand entries to a bounded channel; one loop drains it and commits what
/// has accumulated in one transaction, so concurrent requests share a commit instead of contending for the table,
/// and the order of the chain is the order of the channel. When nobody waits for the first queued record, the loop
/// pauses <see cref="AuditOptions.FlushDelayMilliseconds"/> before draining, so that under load it wakes and commits
/// a few hundred times a second rather than once per handful of requests.
/// </summary>
internal sealed partial class AuditTrail : IAuditTrail, IHostedService, IAsyncDisposable
{
    private const int MaxAttempts = 3;

    private readonly IAuditStore _store;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditTrail> _logger;
    private readonly Channel<Pending> _channel;
    private readonly TimeSpan _flushDelay;
    private readonly AuditCheckpointFile? _checkpoints;
    private readonly TimeSpan _checkpointInterval;
    private Task _writer = Task.CompletedTask;

    // Writer-thread state: the newest committed record and how much of the chain no checkpoint covers yet.
    private (long Seq, string Hash) _head;
    private long _uncovered;
    private DateTimeOffset _firstUncoveredAt;

    public AuditTrail(IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditTrail> logger)
    {
        _options = options.Value;
        _store = AuditStores.Create(_options);
        _time = time;
        _logger = logger;
        _flushDelay = TimeSpan.FromMilliseconds(_options.FlushDelayMilliseconds);
        _checkpointInterval = TimeSpan.FromSeconds(_options.CheckpointIntervalSeconds);
        if (_options.CheckpointsEnabled && _options.CheckpointKeyBytes() is { Length: >= 32 } key)
        {
            _checkpoints = new AuditCheckpointFile(_options.CheckpointFile!, key);
        }

        _channel = Channel.CreateBounded<Pending>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.EnsureSchemaAsync(cancellationToken);
        LogStarted(_logger, _options.IsPostgres ? AuditOptions.PostgresProvider : AuditOptions.SqliteProvider);
        // A thread of its own: SQLite appends, and their commit's fsync, block for milliseconds, and on a thread-pool
        // worker that would stall request processing (2 workers on a 2-core host) and make the pool add threads.
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Drain what the last requests queued; the host's stop token bounds the wait.
        _channel.Writer.TryComplete();
        await _writer.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _store.DisposeAsync();
    }

    public async Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var committed = new TaskCompletionSource<AuditRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _channel.Writer.WriteAsync(new Pending(entry, committed, null), cancellationToken);
        return await committed.Task.WaitAsync(cancellationToken);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        if (_checkpoints is null)
        {
            return await AuditVerification.VerifyAsync(_store.ReadAllAsync(cancellationToken), cancellationToken);
        }

        return await _checkpoints.VerifyChainAsync(_store.ReadAllAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Queues an entry without waiting for its commit; waits only when the queue is full.</summary>
    internal async ValueTask EnqueueAsync(AuditEntry entry)
    {
        try
        {
            await _channel.Writer.WriteAsync(new Pending(entry, null, null));
        }
        catch (ChannelClosedException)
        {
            LogLost(_logger, 1);
        }
    }

    /// <summary>Completes once everything queued before the call is committed (a phase barrier for tests and shutdown).</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _channel.Writer.WriteAsync(new Pending(null, null, flushed), cancellationToken);
        await flushed.Task.WaitAsync(cancellationToken);
    }

    private void WriteLoop()
    {
        var reader = _channel.Reader;
        var batch = new List<Pending>(_options.BatchSize);
        var entries = new List<AuditEntry>(_options.BatchSize);
        while (WaitToRead(reader))
        {
            if (_flushDelay > TimeSpan.Zero && reader.Count < _options.BatchSize
                && reader.TryPeek(out var first) && first.Committed is null && first.Flushed is null)
            {
                // Nobody waits for these records: let the records of concurrent requests gather for a moment, so that
                // one wake-up of this loop and one commit cover many of them. This pause is a batching interval on the
                // wall clock; it never changes what is recorded or in which order.
                Thread.Sleep(_flushDelay);
            }

            while (entries.Count < _options.BatchSize && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                if (pending.Entry is not null)
                {
                    entries.Add(pending.Entry);
                }
            }

            Commit(batch, entries);
            batch.Clear();
            entries.Clear();
        }

        // Stopping: the last records get their checkpoint too.
        Checkpoint(force: true);
    }

    private bool WaitToRead(ChannelReader<Pending> reader)
    {
        var waiting = reader.WaitToReadAsync();
        if (waiting.IsCompletedSuccessfully)
        {
            return waiting.Result;
        }

        var task = waiting.AsTask();
        if (_checkpoints is not null)
        {
            // While idle, the newest records still get their checkpoint within about one interval.
            while (!task.Wait(_checkpointInterval))
            {
                Checkpoint(force: false);
            }
        }

        return task.GetAwaiter().GetResult();
    }

    private void Checkpoint(bool force)
    {
        if (_checkpoints is null || _uncovered == 0)
        {
            return;
        }

        if (!force && _uncovered < _options.CheckpointEveryRecords && _time.GetUtcNow() - _firstUncoveredAt < _checkpointInterval)
        {
            return;
        }

        try
        {
            var checkpoint = _checkpoints.Append(_head.Seq, _head.Hash, _time.GetUtcNow());
            _uncovered = 0;

            // The log is a second copy outside the database: shipped logs keep the checkpoint even if the file is lost.
            LogCheckpoint(_logger, checkpoint.Seq, checkpoint.Hash, checkpoint.Signature);
        }
        catch (IOException ex)
        {
            LogCheckpointFailed(_logger, _head.Seq, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            LogCheckpointFailed(_logger, _head.Seq, ex);
        }
    }

    private void Commit(List<Pending> batch, List<AuditEntry> entries)
    {
        IReadOnlyList<AuditRecord> records = [];
        Exception? failure = null;
        for (var attempt = 1; entries.Count > 0 && attempt <= MaxAttempts; attempt++)
        {
            try
            {
                // SQLite completes synchronously; PostgreSQL's I/O completes on the pool while this thread waits.
                records = _store.AppendAsync(entries, CancellationToken.None).GetAwaiter().GetResult();
                failure = null;
                break;
            }
            catch (Exception ex)
            {
                // A database blip must not silently drop who-did-what; retry a few times before giving up on the batch.
                failure = ex;
                LogAppendFailed(_logger, entries.Count, attempt, ex);
                if (attempt < MaxAttempts)
                {
                    Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), _time).GetAwaiter().GetResult();
                }
            }
        }

        if (failure is not null)
        {
            LogLost(_logger, entries.Count);
        }
        else if (records.Count > 0)
        {
            if (_uncovered == 0)
            {
                _firstUncoveredAt = _time.GetUtcNow();
            }

            _head = (records[^1].Seq, records[^1].Hash);
            _uncovered += records.Count;
            Checkpoint(force: false);
        }

        var next = 0;
        foreach (var pending in batch)
        {
            if (pending.Entry is not null)
            {
                if (failure is null)
                {
                    pending.Committed?.TrySetResult(records[next++]);
                }
                else
                {
                    pending.Committed?.TrySetException(failure);
                }
            }

            pending.Flushed?.TrySetResult();
        }
    }

    private readonly record struct Pending(AuditEntry? Entry, TaskCompletionSource<AuditRecord>? Committed, TaskCompletionSource? Flushed);

    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Audit trail writing to {Provider}")]
    private static partial void LogStarted(ILogger logger, string provider);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Appending {Count} audit records failed (attempt {Attempt})")]
    private static partial void LogAppendFailed(ILogger logger, int count, int attempt, Exception exception);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Error, Message = "{Count} audit records were lost")]
    private static partial void LogLost(ILogger logger, int count);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Information, Message = "Audit checkpoint: seq {Seq} hash {Hash} signature {Signature}")]
    private static partial void LogCheckpoint(ILogger logger, long seq, string hash, string signature);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Error, Message = "Writing the audit checkpoint for seq {Seq} failed; the next one covers it")]
    private static partial void LogCheckpointFailed(ILogger logger, long seq, Exception exception);
}
