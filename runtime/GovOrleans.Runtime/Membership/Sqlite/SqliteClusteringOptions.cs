namespace GovOrleans.Runtime.Membership.Sqlite;

/// <summary>Options of the <see cref="SqliteClusterTables"/>; the cluster id comes from the silo's options.</summary>
public sealed class SqliteClusteringOptions
{
    /// <summary>
    /// The SQLite connection string, e.g. <c>Data Source=./data/cluster.db</c>; every silo of the cluster on this
    /// machine points at the same file, and the directory is created when missing. Required.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;
}
