using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Membership;

namespace GovOrleans.Runtime.Cluster;

/// <summary>
/// A consistent-hash ring over silos with virtual nodes: a grain's preferred silo is the first point at or after its
/// uniform hash, so a join or leave moves only about 1/n of the grains' placement and reminder ownership.
/// </summary>
internal sealed class HashRing
{
    private const int PointsPerSilo = 32;
    private readonly (uint Hash, SiloAddress Silo)[] _points;

    public HashRing(IEnumerable<SiloAddress> silos)
    {
        _points = silos
            .SelectMany(silo => Enumerable.Range(0, PointsPerSilo).Select(i => (StableHash.Compute($"{silo}#{i}"), silo)))
            .OrderBy(p => p.Item1)
            .ThenBy(p => p.silo.ToString(), StringComparer.Ordinal)
            .ToArray();
    }

    public bool IsEmpty => _points.Length == 0;

    /// <summary>The silo owning <paramref name="hash"/>, skipping silos <paramref name="skip"/> rejects; null when none is left.</summary>
    public SiloAddress? Owner(uint hash, Func<SiloAddress, bool>? skip = null)
    {
        if (_points.Length == 0)
        {
            return null;
        }

        var index = LowerBound(hash);
        for (var step = 0; step < _points.Length; step++)
        {
            var silo = _points[(index + step) % _points.Length].Silo;
            if (skip is null || !skip(silo))
            {
                return silo;
            }
        }

        return null;
    }

    /// <summary>The ranges (begin, end] that <paramref name="silo"/> owns; one range with begin == end means the whole ring.</summary>
    public IReadOnlyList<(uint Begin, uint End)> RangesOf(SiloAddress silo)
    {
        var ranges = new List<(uint, uint)>();
        if (_points.Length == 0)
        {
            return ranges;
        }

        if (_points.All(p => p.Silo == silo))
        {
            ranges.Add((0u, 0u));
            return ranges;
        }

        for (var i = 0; i < _points.Length; i++)
        {
            if (_points[i].Silo == silo)
            {
                var previous = _points[(i - 1 + _points.Length) % _points.Length].Hash;
                if (previous != _points[i].Hash)
                {
                    ranges.Add((previous, _points[i].Hash));
                }
            }
        }

        return ranges;
    }

    private int LowerBound(uint hash)
    {
        int low = 0, high = _points.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_points[mid].Hash < hash)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low == _points.Length ? 0 : low;
    }
}
