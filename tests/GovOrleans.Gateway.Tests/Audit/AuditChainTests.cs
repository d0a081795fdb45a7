using System.Globalization;
using GovOrleans.Gateway.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Tests.Audit;

/// <summary>Chain behaviour every provider must show; the subclasses supply a fresh database and raw SQL access.</summary>
public abstract class AuditChainTests
{
    private const string SwapThreeAndFourSql =
        "UPDATE govorleans_audit SET seq = -seq WHERE seq IN (3, 4); UPDATE govorleans_audit SET seq = 4 WHERE seq = -3; UPDATE govorleans_audit SET seq = 3 WHERE seq = -4;";

    private protected abstract Task<AuditOptions> CreateOptionsAsync();

    private protected abstract Task ExecuteAsync(AuditOptions options, string sql);

    /// <summary>Removes the append-only guard, as an attacker with owner rights could.</summary>
    private protected abstract string DisableGuardSql { get; }

    [Fact]
    public async Task RecordAsync_ConcurrentAppends_FormOneIntactChain()
    {
        var options = await CreateOptionsAsync();
        await using var trail = await StartTrailAsync(options);

        var records = await Task.WhenAll(Enumerable.Range(1, 200).Select(i => Task.Run(() => trail.RecordAsync(Entry(i)))));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), records.Select(r => r.Seq).Order());
        var verification = await trail.VerifyAsync();
        Assert.True(verification.Intact, verification.Message);
        Assert.Equal("audit chain intact: 200 records", verification.Message);
    }

    [Fact]
    public async Task RecordAsync_AfterRestart_ContinuesFromStoredHead()
    {
        var options = await CreateOptionsAsync();
        AuditRecord last;
        await using (var first = await StartTrailAsync(options))
        {
            for (var i = 1; i <= 5; i++)
            {
                last = await first.RecordAsync(Entry(i));
            }

            last = await first.RecordAsync(Entry(6));
            await first.StopAsync(CancellationToken.None);
        }

        await using var second = await StartTrailAsync(options);
        var next = await second.RecordAsync(Entry(7));

        Assert.Equal(7, next.Seq);
        Assert.Equal(last.Hash, next.PrevHash);
        Assert.Equal("audit chain intact: 7 records", (await second.VerifyAsync()).Message);
    }

    [Fact]
    public async Task RecordAsync_TwoWritersOnOneDatabase_StillFormOneChain()
    {
        var options = await CreateOptionsAsync();
        await using var gatewayA = await StartTrailAsync(options);
        await using var gatewayB = await StartTrailAsync(options);

        await Task.WhenAll(Enumerable.Range(1, 60).Select(i => (i % 2 == 0 ? gatewayA : gatewayB).RecordAsync(Entry(i))));

        Assert.Equal("audit chain intact: 60 records", (await gatewayA.VerifyAsync()).Message);
    }

    [Fact]
    public async Task Verify_ActorUpdated_ReportsHashMismatchAtThatSeq()
    {
        var (options, trail) = await SeedAsync(10);
        await using var _ = trail;

        await ExecuteAsync(options, DisableGuardSql + "UPDATE govorleans_audit SET actor = 'someone-else' WHERE seq = 4;");

        var verification = await trail.VerifyAsync();
        Assert.False(verification.Intact);
        Assert.Equal(4, verification.BrokenAtSeq);
        Assert.StartsWith("first broken link at seq 4: hash mismatch", verification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RowDeleted_ReportsGapAtMissingSeq()
    {
        var (options, trail) = await SeedAsync(10);
        await using var _ = trail;

        await ExecuteAsync(options, DisableGuardSql + "DELETE FROM govorleans_audit WHERE seq = 6;");

        var verification = await trail.VerifyAsync();
        Assert.Equal(6, verification.BrokenAtSeq);
        Assert.StartsWith("first broken link at seq 6: gap in seq", verification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RowsReordered_ReportsFirstMovedSeq()
    {
        var (options, trail) = await SeedAsync(10);
        await using var _ = trail;

        await ExecuteAsync(options, DisableGuardSql + SwapThreeAndFourSql);

        var verification = await trail.VerifyAsync();
        Assert.Equal(3, verification.BrokenAtSeq);
        Assert.StartsWith("first broken link at seq 3: prev_hash mismatch", verification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_UpdateOrDelete_IsRejectedByTrigger()
    {
        var (options, trail) = await SeedAsync(3);
        await using var _ = trail;

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync(options, "UPDATE govorleans_audit SET actor = 'x' WHERE seq = 1;"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync(options, "DELETE FROM govorleans_audit WHERE seq = 2;"));
        Assert.Equal("audit chain intact: 3 records", (await trail.VerifyAsync()).Message);
    }

    [Fact]
    public async Task VerifyCommand_IntactThenTampered_ReportsExitCodeAndFirstBrokenSeq()
    {
        var (options, trail) = await SeedAsync(5);
        await using var _ = trail;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Audit:Provider"] = options.Provider,
            ["Audit:ConnectionString"] = options.ConnectionString,
        }).Build();

        var intactOutput = new StringWriter();
        Assert.Equal(0, await AuditVerifyCommand.RunAsync(["audit", "verify"], configuration, intactOutput, CancellationToken.None));
        Assert.Equal("audit chain intact: 5 records", intactOutput.ToString().Trim());

        await ExecuteAsync(options, DisableGuardSql + "UPDATE govorleans_audit SET outcome = 204 WHERE seq = 2;");
        var brokenOutput = new StringWriter();
        Assert.Equal(1, await AuditVerifyCommand.RunAsync(["audit", "verify"], configuration, brokenOutput, CancellationToken.None));
        Assert.StartsWith("first broken link at seq 2: hash mismatch", brokenOutput.ToString().Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoints_IntactChain_MatchesEverySignedCheckpoint()
    {
        var (options, configuration) = await WithCheckpointsAsync();
        await SeedAndStopAsync(options, 12);

        var output = new StringWriter();
        Assert.Equal(0, await AuditVerifyCommand.RunAsync([], configuration, output, CancellationToken.None));

        // Every 5 records (5, 10) and the stop (12).
        Assert.Equal("audit chain intact: 12 records, 3 signed checkpoints matched", output.ToString().Trim());
        Assert.Equal(3, File.ReadAllLines(options.CheckpointFile!).Length);
    }

    [Fact]
    public async Task Checkpoints_TailRemoved_IsReportedAsTruncated()
    {
        var (options, configuration) = await WithCheckpointsAsync();
        await SeedAndStopAsync(options, 12);

        await ExecuteAsync(options, DisableGuardSql + "DELETE FROM govorleans_audit WHERE seq > 10;");

        var output = new StringWriter();
        Assert.Equal(1, await AuditVerifyCommand.RunAsync([], configuration, output, CancellationToken.None));
        Assert.Equal(
            "first broken link at seq 11: tail truncated (the chain ends at seq 10, a signed checkpoint vouches for seq 12)",
            output.ToString().Trim());
    }

    [Fact]
    public async Task Checkpoints_ChainRebuiltWithValidHashes_IsReportedAtTheFirstCheckpoint()
    {
        var (options, configuration) = await WithCheckpointsAsync();
        await SeedAndStopAsync(options, 12);

        // An attacker with the database but not the key replaces the whole trail by a self-consistent one.
        await ExecuteAsync(options, DisableGuardSql + "DELETE FROM govorleans_audit;");
        var forger = new AuditOptions { Provider = options.Provider, ConnectionString = options.ConnectionString };
        await using (var trail = await StartTrailAsync(forger))
        {
            for (var i = 1; i <= 12; i++)
            {
                await trail.RecordAsync(Entry(i + 100));
            }
        }

        var output = new StringWriter();
        Assert.Equal(1, await AuditVerifyCommand.RunAsync([], configuration, output, CancellationToken.None));
        Assert.Equal("first broken link at seq 5: does not match the signed checkpoint for this seq (the chain was rebuilt)", output.ToString().Trim());
    }

    [Fact]
    public async Task Checkpoints_ForgedOrMissingFile_IsReported()
    {
        var (options, configuration) = await WithCheckpointsAsync();
        await SeedAndStopAsync(options, 6);
        var lines = File.ReadAllLines(options.CheckpointFile!);

        // Claims a later seq without the key.
        File.WriteAllLines(options.CheckpointFile!, [lines[0].Replace(" 5 ", " 6 ", StringComparison.Ordinal), .. lines[1..]]);
        var forged = new StringWriter();
        Assert.Equal(1, await AuditVerifyCommand.RunAsync([], configuration, forged, CancellationToken.None));
        Assert.StartsWith("audit verification failed: checkpoint line 1 has an invalid signature", forged.ToString().Trim(), StringComparison.Ordinal);

        File.WriteAllText(options.CheckpointFile!, string.Empty);
        var emptied = new StringWriter();
        Assert.Equal(1, await AuditVerifyCommand.RunAsync([], configuration, emptied, CancellationToken.None));
        Assert.Contains("is missing or empty, but the chain has 6 records", emptied.ToString(), StringComparison.Ordinal);

        File.Delete(options.CheckpointFile!);
        var missing = new StringWriter();
        Assert.Equal(1, await AuditVerifyCommand.RunAsync([], configuration, missing, CancellationToken.None));
        Assert.Contains("is missing or empty, but the chain has 6 records", missing.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoints_FileWithoutKeyOrShortKey_FailsValidation()
    {
        var validator = new AuditOptionsValidator();
        var noKey = new AuditOptions { Provider = "Sqlite", ConnectionString = "Data Source=x.db", CheckpointFile = "cp.log" };
        var shortKey = new AuditOptions
        {
            Provider = "Sqlite",
            ConnectionString = "Data Source=x.db",
            CheckpointFile = "cp.log",
            CheckpointKey = Convert.ToBase64String(new byte[16]),
        };
        var keyOnly = new AuditOptions { Provider = "Sqlite", ConnectionString = "Data Source=x.db", CheckpointKey = Convert.ToBase64String(new byte[32]) };

        Assert.Contains("CheckpointKey must be a base64 key of at least 32 bytes", validator.Validate(null, noKey).FailureMessage, StringComparison.Ordinal);
        Assert.True(validator.Validate(null, shortKey).Failed);
        Assert.Contains("CheckpointFile is not", validator.Validate(null, keyOnly).FailureMessage, StringComparison.Ordinal);
    }

    private protected static async Task<AuditTrail> StartTrailAsync(AuditOptions options)
    {
        var trail = new AuditTrail(Options.Create(options), TimeProvider.System, NullLogger<AuditTrail>.Instance);
        await trail.StartAsync(CancellationToken.None);
        return trail;
    }

    private protected static AuditEntry Entry(int i) => new(
        new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(i * 12_345_678L),
        "user-" + (i % 7).ToString(CultureInfo.InvariantCulture),
        "caseworker",
        "GET /api/v1/cases/{id}",
        "C-" + i.ToString(CultureInfo.InvariantCulture),
        200,
        Guid.NewGuid().ToString("N"));

    private async Task<(AuditOptions Options, AuditTrail Trail)> SeedAsync(int count)
    {
        var options = await CreateOptionsAsync();
        var trail = await StartTrailAsync(options);
        for (var i = 1; i <= count; i++)
        {
            await trail.RecordAsync(Entry(i));
        }

        return (options, trail);
    }

    private async Task<(AuditOptions Options, IConfiguration Configuration)> WithCheckpointsAsync()
    {
        var options = await CreateOptionsAsync();
        options.CheckpointFile = Path.Combine(Path.GetTempPath(), $"govorleans-checkpoints-{Guid.NewGuid():N}", "audit-checkpoints.log");
        options.CheckpointKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        options.CheckpointEveryRecords = 5;
        options.CheckpointIntervalSeconds = 3600;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Audit:Provider"] = options.Provider,
            ["Audit:ConnectionString"] = options.ConnectionString,
            ["Audit:CheckpointFile"] = options.CheckpointFile,
            ["Audit:CheckpointKey"] = options.CheckpointKey,
        }).Build();
        return (options, configuration);
    }

    private static async Task SeedAndStopAsync(AuditOptions options, int count)
    {
        await using var trail = await StartTrailAsync(options);
        for (var i = 1; i <= count; i++)
        {
            await trail.RecordAsync(Entry(i));
        }

        await trail.StopAsync(CancellationToken.None);
    }
}
