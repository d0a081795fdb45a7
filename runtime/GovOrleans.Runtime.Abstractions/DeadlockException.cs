namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// A request would wait on itself: the call chain re-enters a grain that is busy with an earlier request of
/// the same chain and does not allow interleaving. Thrown at once instead of after the response timeout.
/// </summary>
public sealed class DeadlockException : Exception
{
    /// <summary>Creates the exception for a cycle, listed from its first grain back to the same grain.</summary>
    public DeadlockException(IReadOnlyList<GrainId> cycle)
        : base(FormatMessage(cycle))
    {
        Cycle = cycle;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public DeadlockException(string message)
        : base(message)
    {
        Cycle = [];
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public DeadlockException(string message, Exception innerException)
        : base(message, innerException)
    {
        Cycle = [];
    }

    /// <summary>The grains of the cycle, first and last being the re-entered grain.</summary>
    public IReadOnlyList<GrainId> Cycle { get; }

    private static string FormatMessage(IReadOnlyList<GrainId> cycle)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        return "Call cycle through non-reentrant grains: " + string.Join(" -> ", cycle.Select(GrainIdText.Of))
            + ". The first grain is still awaiting its own call; mark the method [AlwaysInterleave] or [ReadOnly], "
            + "the grain [Reentrant], or wrap the outer call in RequestContext.AllowCallChainReentrancy().";
    }
}
