using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Tests.Grains;

/// <summary>Shared by every silo of a test cluster: records where each grain is active and any moment it was active twice.</summary>
public sealed class ActivationTracker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, string> _live = [];
    private readonly List<string> _violations = [];

    public int TotalActivations { get; private set; }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_lock)
            {
                return [.. _violations];
            }
        }
    }

    public void Activated(GrainId grain, string silo)
    {
        lock (_lock)
        {
            TotalActivations++;
            if (_live.TryGetValue(grain, out var other))
            {
                _violations.Add($"{grain} activated on {silo} while active on {other}");
            }

            _live[grain] = silo;
        }
    }

    public void Deactivated(GrainId grain, string silo)
    {
        lock (_lock)
        {
            if (_live.TryGetValue(grain, out var where) && where == silo)
            {
                _live.Remove(grain);
            }
        }
    }

    /// <summary>A killed silo's activations died with it.</summary>
    public void SiloKilled(string silo)
    {
        lock (_lock)
        {
            foreach (var grain in _live.Where(kv => kv.Value == silo).Select(kv => kv.Key).ToList())
            {
                _live.Remove(grain);
            }
        }
    }
}
