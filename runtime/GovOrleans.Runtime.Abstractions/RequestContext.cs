namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// Small key/value data that flows with a logical call, across awaits and into every grain call it makes,
/// transitively. A callee's changes never flow back to the caller. Values are copied with the call, so keep
/// them small and treat what arrives as untrusted.
/// </summary>
public static class RequestContext
{
    /// <summary>The keys present in the current context.</summary>
    public static IEnumerable<string> Keys => CallState.Current.Value?.Items?.Keys ?? [];

    /// <summary>True when calls made in this scope may re-enter grains already on the call chain.</summary>
    public static bool IsCallChainReentrancyAllowed => CallState.Current.Value?.AllowCallChainReentrancy ?? false;

    /// <summary>Reads a value, or null.</summary>
    public static object? Get(string key)
    {
        var items = CallState.Current.Value?.Items;
        return items is not null && items.TryGetValue(key, out var value) ? value : null;
    }

    /// <summary>Sets a value for the rest of this logical call and the calls it makes.</summary>
    public static void Set(string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var state = CallState.Current.Value;
        var items = state?.Items is { } existing ? new Dictionary<string, object?>(existing) : new Dictionary<string, object?>(1);
        items[key] = value;
        CallState.Current.Value = new CallState(items, state?.AllowCallChainReentrancy ?? false, state?.Chain);
    }

    /// <summary>Removes a value; returns whether it was present.</summary>
    public static bool Remove(string key)
    {
        var state = CallState.Current.Value;
        if (state?.Items is not { } existing || !existing.ContainsKey(key))
        {
            return false;
        }

        var items = new Dictionary<string, object?>(existing);
        items.Remove(key);
        CallState.Current.Value = new CallState(items.Count == 0 ? null : items, state.AllowCallChainReentrancy, state.Chain);
        return true;
    }

    /// <summary>Removes every value.</summary>
    public static void Clear()
    {
        var state = CallState.Current.Value;
        if (state?.Items is not null)
        {
            CallState.Current.Value = new CallState(null, state.AllowCallChainReentrancy, state.Chain);
        }
    }

    /// <summary>
    /// Within the returned scope, grain calls may re-enter grains that are already waiting further up this
    /// call chain (A → B → A), instead of failing with <see cref="DeadlockException"/>. Off by default.
    /// </summary>
    public static IDisposable AllowCallChainReentrancy() => SetReentrancy(true);

    /// <summary>Within the returned scope, call-chain reentrancy is off again.</summary>
    public static IDisposable SuppressCallChainReentrancy() => SetReentrancy(false);

    private static ReentrancyScope SetReentrancy(bool allow)
    {
        var state = CallState.Current.Value;
        var previous = state?.AllowCallChainReentrancy ?? false;
        CallState.Current.Value = new CallState(state?.Items, allow, state?.Chain);
        return new ReentrancyScope(previous);
    }

    private sealed class ReentrancyScope(bool previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            var state = CallState.Current.Value;
            CallState.Current.Value = new CallState(state?.Items, previous, state?.Chain);
        }
    }
}
