namespace GovOrleans.Runtime.Tests.Grains;

/// <summary>How many more activations of a key should fail.</summary>
public sealed class FailureBudget
{
    private readonly Dictionary<string, int> _remaining = [];
    private readonly Lock _lock = new();

    public void FailNext(string key, int count)
    {
        lock (_lock)
        {
            _remaining[key] = count;
        }
    }

    public bool ShouldFail(string key)
    {
        lock (_lock)
        {
            if (_remaining.TryGetValue(key, out var left) && left > 0)
            {
                _remaining[key] = left - 1;
                return true;
            }

            return false;
        }
    }
}
