using GovOrleans.Gateway.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace GovOrleans.Gateway.Tests.Audit;

public sealed class SqliteAuditChainTests : AuditChainTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("govorleans-audit-").FullName;

    private protected override string DisableGuardSql =>
        "DROP TRIGGER govorleans_audit_no_update; DROP TRIGGER govorleans_audit_no_delete;";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task VerifyCommand_PlatformStorageSettings_AreUsedWhenAuditHasNone()
    {
        var path = Path.Combine(_directory, "platform", "govorleans.db");
        var options = new AuditOptions { Provider = "Sqlite", ConnectionString = $"Data Source={path}" };
        await using (var trail = await StartTrailAsync(options))
        {
            await trail.RecordAsync(Entry(1));
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Storage:Provider"] = "Sqlite",
            ["Platform:Storage:ConnectionString"] = $"Data Source={path}",
        }).Build();
        var output = new StringWriter();

        Assert.Equal(0, await AuditVerifyCommand.RunAsync([], configuration, output, CancellationToken.None));
        Assert.Equal("audit chain intact: 1 records", output.ToString().Trim());
    }

    [Fact]
    public async Task VerifyCommand_MissingDatabase_FailsWithoutCreatingIt()
    {
        var path = Path.Combine(_directory, "missing.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = $"Data Source={path}",
        }).Build();
        var output = new StringWriter();

        Assert.Equal(1, await AuditVerifyCommand.RunAsync([], configuration, output, CancellationToken.None));
        Assert.StartsWith("audit verification failed", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    private protected override Task<AuditOptions> CreateOptionsAsync() => Task.FromResult(new AuditOptions
    {
        Provider = AuditOptions.SqliteProvider,
        ConnectionString = $"Data Source={Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db")}",
    });

    private protected override async Task ExecuteAsync(AuditOptions options, string sql)
    {
        await using var connection = new SqliteConnection(options.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
