namespace GovOrleans.Gateway.Audit;

/// <summary>Picks the store for the resolved provider.</summary>
internal static class AuditStores
{
    public static IAuditStore Create(AuditOptions options, bool readOnly = false)
    {
        var connectionString = options.ConnectionString ?? AuditOptions.DefaultConnectionString;
        if (options.IsPostgres)
        {
            return new PostgresAuditStore(connectionString);
        }

        if (options.IsSqlite)
        {
            return new SqliteAuditStore(connectionString, readOnly);
        }

        throw new InvalidOperationException($"Unknown audit storage provider '{options.Provider}'.");
    }
}
