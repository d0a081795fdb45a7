using System.Collections.Concurrent;

namespace GovOrleans.Runtime.Caching;

/// <summary>
/// A concurrent dictionary with at most <see cref="Capacity"/> entries and CLOCK (second chance) eviction. Lookups take
/// no lock: a hit only sets the entry's "used" bit when it is clear. Writers serialize on one lock, which is cheap
/// because every user of this cache writes rarely (a redirect, a type seen for the first time) and reads on the hot path.
/// When a write would go over the capacity, one sweep evicts a batch (1/16 of the capacity) of entries that were not
/// used since the previous sweep, and clears the bit of those that were, so the next sweep may take them.
/// </summary>
internal sealed class ClockCache<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries;
    private readonly Lock _writeLock = new();
    private readonly int _evictTo;
    private int _count;

    public ClockCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _evictTo = capacity - Math.Max(1, capacity / 16);
        _entries = new ConcurrentDictionary<TKey, Entry>(comparer);
    }

    public int Capacity { get; }

    /// <summary>The number of entries; never above <see cref="Capacity"/>, and may count an entry being removed a moment longer.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            entry.Touch();
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        var entry = new Entry(value);
        lock (_writeLock)
        {
            // Every insertion happens under the lock and removals only lower the count, so the count cannot pass the
            // capacity; a replacement that races with a removal falls through to a counted insertion.
            if (_entries.TryGetValue(key, out var existing) && _entries.TryUpdate(key, entry, existing))
            {
                return;
            }

            if (Count >= Capacity)
            {
                Evict();
            }

            if (_entries.TryAdd(key, entry))
            {
                Interlocked.Increment(ref _count);
            }
        }
    }

    public bool Remove(TKey key)
    {
        if (_entries.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }

    /// <summary>Removes the entries whose value matches; an entry replaced meanwhile is kept.</summary>
    public int RemoveWhere<TState>(Func<TValue, TState, bool> match, TState state)
    {
        var removed = 0;
        foreach (var pair in _entries)
        {
            if (match(pair.Value.Value, state) && _entries.TryRemove(pair))
            {
                Interlocked.Decrement(ref _count);
                removed++;
            }
        }

        return removed;
    }

    private void Evict()
    {
        // First pass: the clock hand goes round once, taking unused entries and giving used ones a second chance.
        foreach (var pair in _entries)
        {
            if (!pair.Value.ClearUsed() && Count > _evictTo && _entries.TryRemove(pair))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        // Everything was used since the last sweep (or is being used right now): take entries regardless.
        foreach (var pair in _entries)
        {
            if (Count <= _evictTo)
            {
                break;
            }

            if (_entries.TryRemove(pair))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    private sealed class Entry(TValue value)
    {
        private int _used;

        public TValue Value { get; } = value;

        public void Touch()
        {
            // Read first: once the bit is set, hits do not write and keep the cache line shared between cores.
            if (Volatile.Read(ref _used) == 0)
            {
                Volatile.Write(ref _used, 1);
            }
        }

        /// <summary>Clears the bit; true when it was set.</summary>
        public bool ClearUsed()
        {
            if (Volatile.Read(ref _used) == 0)
            {
                return false;
            }

            Volatile.Write(ref _used, 0);
            return true;
        }
    }
}
