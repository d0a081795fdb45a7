using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Runtime.Storage.Sqlite;

/// <summary>Options of a <see cref="SqliteGrainStorage"/>, the embedded default store.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The default <see cref="ServiceId"/>.</summary>
    public const string DefaultServiceId = "govorleans";

    /// <summary>
    /// The SQLite connection string, e.g. <c>Data Source=./data/govorleans.db</c>. The directory is created when
    /// missing. Required.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Separates the rows of services sharing one database file.</summary>
    /// <value>Defaults to <c>govorleans</c>.</value>
    public string ServiceId { get; set; } = DefaultServiceId;

    /// <summary>The most writes committed in one transaction.</summary>
    /// <value>Defaults to 128.</value>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 128;
}
