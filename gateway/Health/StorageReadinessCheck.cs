using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace GovOrleans.Gateway.Health;

/// <summary>Ready when the storage named by <c>Platform:Storage</c> answers <c>SELECT 1</c>.</summary>
internal sealed class StorageReadinessCheck(IConfiguration configuration) : IHealthCheck
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var provider = configuration["Platform:Storage:Provider"] is { Length: > 0 } p ? p : "Sqlite";
        var connectionString = configuration["Platform:Storage:ConnectionString"];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        try
        {
            await using DbConnection connection = string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase)
                ? new NpgsqlConnection(connectionString)
                : new SqliteConnection(string.IsNullOrWhiteSpace(connectionString) ? "Data Source=./data/govorleans.db" : connectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy(provider);
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException or ArgumentException)
        {
            // The exception text may hold host names; report only the kind.
            return HealthCheckResult.Unhealthy($"{provider} storage is unreachable ({e.GetType().Name}).");
        }
    }
}
