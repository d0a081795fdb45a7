using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Runtime.Storage.Postgres;

/// <summary>Options of a <see cref="PostgresGrainStorage"/>.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>The default <see cref="ServiceId"/>.</summary>
    public const string DefaultServiceId = "govorleans";

    /// <summary>The Npgsql connection string, e.g. <c>Host=127.0.0.1;Database=gov;Username=gov;Password=…</c>. Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Separates the rows of services sharing one database.</summary>
    /// <value>Defaults to <c>govorleans</c>.</value>
    public string ServiceId { get; set; } = DefaultServiceId;

    /// <summary>The most writes committed in one transaction.</summary>
    /// <value>Defaults to 128.</value>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 128;

    /// <summary>
    /// Lets Npgsql prepare the provider's statements (Max Auto Prepare 16 unless the connection string sets it), so the
    /// server does not parse and plan them on every batch. Turn off behind a pooler that cannot keep prepared statements.
    /// </summary>
    /// <value>Defaults to true.</value>
    public bool PrepareStatements { get; set; } = true;

    /// <summary>Creates a GIN index over every payload (jsonb_path_ops) for ad-hoc JSONB queries; it slows every write.</summary>
    /// <value>Defaults to false.</value>
    public bool CreatePayloadIndex { get; set; }

    /// <summary>
    /// Transactions in flight at once. While one batch commits the next one fills up; more than a few only adds
    /// lock contention.
    /// </summary>
    /// <value>Defaults to 2.</value>
    [Range(1, 8)]
    public int MaxConcurrentBatches { get; set; } = 2;
}
