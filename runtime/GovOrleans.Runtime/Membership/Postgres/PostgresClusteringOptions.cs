namespace GovOrleans.Runtime.Membership.Postgres;

/// <summary>Options of the <see cref="PostgresClusterTables"/>; the cluster id comes from the silo's options.</summary>
public sealed class PostgresClusteringOptions
{
    /// <summary>The Npgsql connection string. Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;
}
