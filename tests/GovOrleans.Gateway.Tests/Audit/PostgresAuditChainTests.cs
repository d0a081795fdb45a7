using GovOrleans.Gateway.Audit;
using GovOrleans.Runtime.Testing;
using Npgsql;

namespace GovOrleans.Gateway.Tests.Audit;

[Collection("Postgres")]
public sealed class PostgresAuditChainTests(PostgresFixture postgres) : AuditChainTests
{
    private protected override string DisableGuardSql => "ALTER TABLE govorleans_audit DISABLE TRIGGER govorleans_audit_append_only;";

    [Fact]
    public async Task Store_Truncate_IsRejectedByTrigger()
    {
        var options = await CreateOptionsAsync();
        await using var trail = await StartTrailAsync(options);
        await trail.RecordAsync(Entry(1));

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(options, "TRUNCATE govorleans_audit;"));
        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
    }

    private protected override async Task<AuditOptions> CreateOptionsAsync() => new()
    {
        Provider = AuditOptions.PostgresProvider,
        ConnectionString = await postgres.CreateDatabaseAsync("audit"),
    };

    private protected override async Task ExecuteAsync(AuditOptions options, string sql)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
