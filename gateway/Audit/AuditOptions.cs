using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// Where and how the audit trail is written. Provider and connection string default to the silo's own storage
/// settings (<c>Platform:Storage:*</c>), so a co-hosted gateway audits into the same database as the grain state.
/// </summary>
internal sealed class AuditOptions
{
    public const string SectionName = "Audit";

    public const string SqliteProvider = "Sqlite";

    public const string PostgresProvider = "Postgres";

    public const string PlatformProviderKey = "Platform:Storage:Provider";

    public const string PlatformConnectionStringKey = "Platform:Storage:ConnectionString";

    public const string DefaultConnectionString = "Data Source=./data/govorleans.db";

    /// <summary>Switches recording off (the trail can still be verified).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>Sqlite</c> or <c>Postgres</c>; empty means <c>Platform:Storage:Provider</c>, then <c>Sqlite</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>Empty means <c>Platform:Storage:ConnectionString</c>, then <see cref="DefaultConnectionString"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Most records written in one transaction. Under load the writer takes whatever queued meanwhile, up to this.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 1024;

    /// <summary>
    /// How long the writer lets records gather before it commits them, when no request waits for the first of them
    /// (see <see cref="WaitForCommit"/>). Records not yet committed are lost if the process dies, as before; this adds
    /// at most this much to that window. 0 commits as soon as anything is queued.
    /// </summary>
    [Range(0, 1000)]
    public int FlushDelayMilliseconds { get; set; } = 5;

    /// <summary>Records waiting for the writer before requests wait for room (back-pressure instead of loss).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// When true a request completes only after its record is committed. Off by default: the response has already
    /// been produced, and waiting would add a commit to every API call's latency.
    /// </summary>
    public bool WaitForCommit { get; set; }

    /// <summary>
    /// Where signed checkpoints go (<see cref="AuditCheckpointFile"/>); empty turns them off. Without checkpoints the
    /// chain shows any change, removal or reordering of records, but not the removal of its newest records, nor a chain
    /// rebuilt with recomputed hashes. Keep the file outside the audit database and its backups.
    /// </summary>
    public string? CheckpointFile { get; set; }

    /// <summary>The HMAC key of the checkpoints, base64, at least 32 bytes; from a secret store, never the audit database.</summary>
    public string? CheckpointKey { get; set; }

    /// <summary>A checkpoint after at most this many records…</summary>
    [Range(1, 100_000_000)]
    public int CheckpointEveryRecords { get; set; } = 100_000;

    /// <summary>…and at most this many seconds after the first record it does not cover yet.</summary>
    [Range(1, 86_400)]
    public int CheckpointIntervalSeconds { get; set; } = 10;

    /// <summary>Checkpoints are on when a file is set.</summary>
    public bool CheckpointsEnabled => !string.IsNullOrWhiteSpace(CheckpointFile);

    /// <summary>The decoded <see cref="CheckpointKey"/>; null when it is missing or not base64.</summary>
    public byte[]? CheckpointKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(CheckpointKey))
        {
            return null;
        }

        var buffer = new byte[CheckpointKey.Length];
        return Convert.TryFromBase64String(CheckpointKey, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>Binds the <c>Audit</c> section and fills provider and connection string from the platform settings.</summary>
    public static AuditOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new AuditOptions();
        configuration.GetSection(SectionName).Bind(options);
        options.ApplyPlatformDefaults(configuration);
        return options;
    }

    public void ApplyPlatformDefaults(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(Provider))
        {
            Provider = configuration[PlatformProviderKey] is { Length: > 0 } provider ? provider : SqliteProvider;
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            ConnectionString = configuration[PlatformConnectionStringKey] is { Length: > 0 } connectionString
                ? connectionString
                : DefaultConnectionString;
        }
    }

    public bool IsPostgres =>
        string.Equals(Provider, PostgresProvider, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider, SqliteProvider, StringComparison.OrdinalIgnoreCase);
}
