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
    /// Transactions in flight at once. While one batch commits the next one fills up; more than a few only adds
    /// lock contention.
    /// </summary>
    /// <value>Defaults to 2.</value>
    [Range(1, 8)]
    public int MaxConcurrentBatches { get; set; } = 2;
}
