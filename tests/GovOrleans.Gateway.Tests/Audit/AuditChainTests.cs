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
}
