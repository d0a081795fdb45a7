using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.GrainDirectory;

namespace GovOrleans.Runtime.Membership.Postgres;

// The grain directory half: registrations live beside the membership rows they depend on.
public sealed partial class PostgresClusterTables
{
    private const string LookupSql =
        "SELECT silo, activation_id FROM govorleans_grain_directory WHERE cluster_id = $1 AND grain_id = $2";

    // The insert happens only while the silo's row is Active, and that row is held FOR SHARE until the statement
    // commits: a death waits for it (and then deletes the new row), or it waits for the death and re-checks the
    // row, now Dead, and inserts nothing. The flags tell a lost race (read the winner) from a refused silo.
    private const string RegisterSql = """
        WITH active_silo AS (
            SELECT 1 FROM govorleans_membership
            WHERE cluster_id = $1 AND address = $3 AND status = 3
            FOR SHARE
        ), inserted AS (
            INSERT INTO govorleans_grain_directory (cluster_id, grain_id, silo, activation_id, created_on)
            SELECT $1, $2, $3, $4, now() WHERE EXISTS (SELECT 1 FROM active_silo)
            ON CONFLICT (cluster_id, grain_id) DO NOTHING
            RETURNING 1
        )
        SELECT EXISTS (SELECT 1 FROM inserted), EXISTS (SELECT 1 FROM active_silo)
        """;

    private const string UnregisterSql =
        "DELETE FROM govorleans_grain_directory WHERE cluster_id = $1 AND grain_id = $2 AND silo = $3 AND activation_id = $4";

    private const string UnregisterManySql = """
        DELETE FROM govorleans_grain_directory AS d
        USING unnest($2::text[], $3::text[], $4::uuid[]) AS u (grain_id, silo, activation_id)
        WHERE d.cluster_id = $1 AND d.grain_id = u.grain_id AND d.silo = u.silo AND d.activation_id = u.activation_id
        """;

    private const string DeleteSiloRegistrationsSql =
        "DELETE FROM govorleans_grain_directory WHERE cluster_id = $1 AND silo = $2";

    /// <inheritdoc />
    public async Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await _initialization.EnsureAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await using var command = CreateCommand(null, LookupSql, [grainId.ToString()]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new GrainAddress(grainId, SiloAddress.Parse(reader.GetString(0)), reader.GetGuid(1))
            : null;
    }

    /// <inheritdoc />
    public async Task<GrainAddress?> RegisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        await _initialization.EnsureAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        object[] arguments = [address.GrainId.ToString(), address.Silo.ToString(), address.ActivationId];
        while (true)
        {
            bool inserted, active;
            await using (var command = CreateCommand(null, RegisterSql, arguments))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                inserted = reader.GetBoolean(0);
                active = reader.GetBoolean(1);
            }

            if (inserted)
            {
                return address;
            }

            // A new statement sees the winner even when it committed after the insert's snapshot was taken.
            var holder = await LookupAsync(address.GrainId, cancellationToken).ConfigureAwait(false);
            if (holder is not null || !active)
            {
                return holder;
            }

            // The row that refused the insert was removed before it could be read: try again.
        }
    }

    /// <inheritdoc />
    public async Task<bool> UnregisterAsync(GrainAddress address, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            null,
            UnregisterSql,
            [address.GrainId.ToString(), address.Silo.ToString(), address.ActivationId],
            cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public Task UnregisterManyAsync(IReadOnlyCollection<GrainAddress> addresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return addresses.Count == 0
            ? Task.CompletedTask
            : ExecuteAsync(
                null,
                UnregisterManySql,
                [
                    addresses.Select(a => a.GrainId.ToString()).ToArray(),
                    addresses.Select(a => a.Silo.ToString()).ToArray(),
                    addresses.Select(a => a.ActivationId).ToArray(),
                ],
                cancellationToken);
    }
}
