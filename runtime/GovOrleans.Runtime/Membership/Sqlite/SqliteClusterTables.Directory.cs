using System.Globalization;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.GrainDirectory;
using Microsoft.Data.Sqlite;

namespace GovOrleans.Runtime.Membership.Sqlite;

// The grain directory half: registrations live beside the membership rows they depend on.
public sealed partial class SqliteClusterTables
{
    private const string LookupSql =
        "SELECT silo, activation_id FROM govorleans_grain_directory WHERE cluster_id = $cluster AND grain_id = $grain;";

    // The silo's Active row is checked by the insert itself, inside the write transaction that a death also needs,
    // so a registration never outlives the death of its silo. The lookup then returns whichever row holds.
    private const string RegisterSql = $"""
        INSERT INTO govorleans_grain_directory (cluster_id, grain_id, silo, activation_id, created_on)
        SELECT $cluster, $grain, $silo, $activation, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
        WHERE EXISTS (SELECT 1 FROM govorleans_membership WHERE cluster_id = $cluster AND address = $silo AND status = 3)
        ON CONFLICT (cluster_id, grain_id) DO NOTHING;
        {LookupSql}
        """;

    private const string UnregisterSql = """
        DELETE FROM govorleans_grain_directory
        WHERE cluster_id = $cluster AND grain_id = $grain AND silo = $silo AND activation_id = $activation;
        """;

    private const string DeleteSiloRegistrationsSql =
        "DELETE FROM govorleans_grain_directory WHERE cluster_id = $cluster AND silo = $address;";

    /// <inheritdoc />
    public async Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await _initialization.EnsureAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync().ConfigureAwait(false);
        using var command = CreateCommand(connection, null, LookupSql, ("$grain", grainId.ToString()));
        return ReadAddress(command, grainId);
    }

    /// <inheritdoc />
    public Task<GrainAddress?> RegisterAsync(GrainAddress address, CancellationToken cancellationToken) =>
        WriteAsync(transaction =>
        {
            using var command = CreateCommand(transaction.Connection!, transaction, RegisterSql, AddressParameters(address));
            var holder = ReadAddress(command, address.GrainId);
            transaction.Commit();
            return holder;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UnregisterAsync(GrainAddress address, CancellationToken cancellationToken) =>
        WriteAsync(transaction =>
        {
            var deleted = Execute(transaction, UnregisterSql, AddressParameters(address));
            transaction.Commit();
            return deleted == 1;
        }, cancellationToken);

    /// <inheritdoc />
    public Task UnregisterManyAsync(IReadOnlyCollection<GrainAddress> addresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return addresses.Count == 0
            ? Task.CompletedTask
            : WriteAsync(transaction =>
            {
                foreach (var address in addresses)
                {
                    Execute(transaction, UnregisterSql, AddressParameters(address));
                }

                transaction.Commit();
                return addresses.Count;
            }, cancellationToken);
    }

    private static (string Name, object? Value)[] AddressParameters(GrainAddress address) =>
    [
        ("$grain", address.GrainId.ToString()),
        ("$silo", address.Silo.ToString()),
        ("$activation", address.ActivationId.ToString("D", CultureInfo.InvariantCulture)),
    ];

    private static GrainAddress? ReadAddress(SqliteCommand command, GrainId grainId)
    {
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new GrainAddress(grainId, SiloAddress.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1)))
            : null;
    }
}
