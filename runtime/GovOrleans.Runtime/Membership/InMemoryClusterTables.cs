using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.GrainDirectory;

namespace GovOrleans.Runtime.Membership;

/// <summary>
/// The membership table and grain directory of one cluster held in process memory, for in-process multi-silo test
/// clusters: every silo of the cluster is given the same instance. One lock makes each operation atomic, so a
/// death and the removal of the dead silo's registrations are seen together.
/// </summary>
public sealed class InMemoryClusterTables : IMembershipTable, IGrainDirectoryTable
{
    private readonly Dictionary<SiloAddress, MembershipEntry> _members = [];
    private readonly Dictionary<GrainId, GrainAddress> _registrations = [];
    private readonly Lock _lock = new();
    private long _version;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(new MembershipSnapshot(_version, [.. _members.Values]));
        }
    }

    /// <inheritdoc />
    public Task<bool> InsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (_version != expectedVersion || !_members.TryAdd(entry.Address, entry))
            {
                return Task.FromResult(false);
            }

            _version++;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateStatusAsync(
        SiloAddress address, SiloStatus status, long expectedVersion, DateTimeOffset? onlyIfIAmAliveBefore, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_version != expectedVersion
                || !_members.TryGetValue(address, out var entry)
                || entry.Status == SiloStatus.Dead
                || (onlyIfIAmAliveBefore is { } cutoff && entry.IAmAliveTime >= cutoff))
            {
                return Task.FromResult(false);
            }

            _members[address] = entry with { Status = status };
            _version++;
            if (status == SiloStatus.Dead)
            {
                foreach (var registration in _registrations.Values.Where(r => r.Silo == address).ToList())
                {
                    _registrations.Remove(registration.GrainId);
                }
            }

            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(address, out var entry) || entry.Status == SiloStatus.Dead)
            {
                return Task.FromResult(false);
            }

            _members[address] = entry with { IAmAliveTime = now };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<int> CleanupDefunctAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var defunct = _members.Values.Where(e => e.Status == SiloStatus.Dead && e.IAmAliveTime < olderThan).ToList();
            foreach (var entry in defunct)
            {
                _members.Remove(entry.Address);
            }

            return Task.FromResult(defunct.Count);
        }
    }

    /// <inheritdoc />
    public Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_registrations.TryGetValue(grainId, out var address) ? address : (GrainAddress?)null);
        }
    }

    /// <inheritdoc />
    public Task<GrainAddress?> RegisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_registrations.TryGetValue(address.GrainId, out var existing))
            {
                return Task.FromResult<GrainAddress?>(existing);
            }

            if (!_members.TryGetValue(address.Silo, out var silo) || silo.Status != SiloStatus.Active)
            {
                return Task.FromResult<GrainAddress?>(null);
            }

            _registrations.Add(address.GrainId, address);
            return Task.FromResult<GrainAddress?>(address);
        }
    }

    /// <inheritdoc />
    public Task<bool> UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(RemoveExact(address));
        }
    }

    /// <inheritdoc />
    public Task UnregisterManyAsync(IReadOnlyCollection<GrainAddress> addresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        lock (_lock)
        {
            foreach (var address in addresses)
            {
                RemoveExact(address);
            }
        }

        return Task.CompletedTask;
    }

    private bool RemoveExact(GrainAddress address) =>
        _registrations.TryGetValue(address.GrainId, out var existing) && existing == address && _registrations.Remove(address.GrainId);
}
