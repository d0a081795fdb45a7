using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Invocation;

/// <summary>
/// The grains a logical call has passed through, newest first. A request that arrives at a busy grain
/// already on its own chain can never be served (the grain is waiting for this very request's ancestor),
/// so the runtime fails it at once with the cycle instead of waiting for the response timeout.
/// </summary>
internal sealed class CallChain(GrainId grain, bool allowReentry, CallChain? parent)
{
    public GrainId Grain { get; } = grain;

    /// <summary>True when this grain, while making the call, allowed the chain to re-enter it.</summary>
    public bool AllowReentry { get; } = allowReentry;

    public CallChain? Parent { get; } = parent;

    public CallChain? Find(GrainId grain)
    {
        for (var node = this; node is not null; node = node.Parent)
        {
            if (node.Grain == grain)
            {
                return node;
            }
        }

        return null;
    }

    public CallChain WithReentry(bool allow) => allow == AllowReentry ? this : new CallChain(Grain, allow, Parent);

    /// <summary>The cycle that re-entering <paramref name="target"/> closes, from the target back to itself.</summary>
    public IReadOnlyList<GrainId> CycleTo(GrainId target)
    {
        var path = new List<GrainId>();
        for (var node = this; node is not null; node = node.Parent)
        {
            path.Add(node.Grain);
            if (node.Grain == target)
            {
                break;
            }
        }

        path.Reverse();
        path.Add(target);
        return path;
    }
}
