namespace GovOrleans.Runtime.Invocation;

/// <summary>A call whose caller is waiting asynchronously and may time out.</summary>
internal interface IPendingResponse
{
    /// <summary>Stopwatch timestamp after which the call times out.</summary>
    long DeadlineTimestamp { get; set; }

    /// <summary>Fails the caller's task with a TimeoutException; false if it had already completed.</summary>
    bool TryTimeout(TimeSpan timeout);
}
