namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// What flows with a logical call across awaits and into outgoing grain calls: the request context items,
/// the call-chain reentrancy flag, and the runtime's call chain (opaque here). Immutable; every change makes a new one.
/// </summary>
internal sealed class CallState(IReadOnlyDictionary<string, object?>? items, bool allowCallChainReentrancy, object? chain)
{
    internal static readonly AsyncLocal<CallState?> Current = new();

    public IReadOnlyDictionary<string, object?>? Items { get; } = items;

    public bool AllowCallChainReentrancy { get; } = allowCallChainReentrancy;

    public object? Chain { get; } = chain;
}
