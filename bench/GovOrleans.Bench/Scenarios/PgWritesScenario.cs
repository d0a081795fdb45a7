using System.Globalization;
using GovOrleans.Bench.Grains;
using GovOrleans.Bench.Hosting;
using GovOrleans.Bench.Reporting;
using GovOrleans.Runtime.Serialization;
using GovOrleans.Runtime.Storage;
using Npgsql;

namespace GovOrleans.Bench.Scenarios;

/// <summary>
/// Durable writes per second to PostgreSQL through grains (each call: mutate state, await WriteStateAsync),
/// beside a raw Npgsql upsert loop at the same concurrency against the same server, phases alternating
/// raw, grains, raw, grains so drift in the machine or the server hits both sides alike.
/// </summary>
internal static partial class PgWritesScenario
{
    public const double TargetRatio = 1.0;
    public const string RawTable = "bench_raw_upsert";
    public const string ServiceId = "govorleans-bench";
    private const int Rounds = 2;
    private const int MaxSamplesPerCaller = 1 << 16;
    private const string UpsertSql =
        $"INSERT INTO {RawTable} AS t (id, payload, version) VALUES ($1, $2, 1) "
        + "ON CONFLICT (id) DO UPDATE SET payload = EXCLUDED.payload, version = t.version + 1";

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);

    public static async Task<ScenarioResult> RunAsync(BenchOptions options, string connectionString, TextWriter log)
    {
        await using var admin = NpgsqlDataSource.Create(connectionString);
        var server = await PostgresServerInfo.ReadAsync(admin);
        server.EnsureDurable(connectionString);
        await using (var create = admin.CreateCommand(
            $"DROP TABLE IF EXISTS {RawTable}; CREATE TABLE {RawTable} (id bigint PRIMARY KEY, payload jsonb NOT NULL, version bigint NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var payloadBytes = GrainStateJson.Serialize(Sample()).Length;
        log.WriteLine($"pgwrites: {server.Version.Split(',')[0]}, fsync={server.Fsync}, synchronous_commit={server.SynchronousCommit}; "
            + $"{options.Callers} callers, payload ~{payloadBytes} B JSON, {Rounds} rounds of raw then grains, "
            + $"{Warmup.TotalSeconds:F0} s warm-up + {options.DurationSeconds} s each");

        var duration = TimeSpan.FromSeconds(options.DurationSeconds);
        var raw = new List<Phase>();
        var grains = new List<Phase>();
        // Provider defaults except the service id, which keeps these rows apart from any application's in the same database.
        await using (var silo = await BenchSilo.StartAsync(s => s.AddPostgresGrainStorage("Default", o =>
        {
            o.ConnectionString = connectionString;
            o.ServiceId = ServiceId;
        })))
        {
            var writers = Enumerable.Range(0, options.Callers)
                .Select(i => silo.GrainFactory.GetGrain<IWriterGrain>(i))
                .ToArray();
            for (var round = 1; round <= Rounds; round++)
            {
                raw.Add(await RunRawAsync(connectionString, options.Callers, duration, admin));
                log.WriteLine($"  round {round} raw:    {raw[^1]}");
                grains.Add(await RunGrainsAsync(writers, duration, admin));
                log.WriteLine($"  round {round} grains: {grains[^1]}");
            }
        }

        var rawRate = raw.Sum(p => p.Operations) / raw.Sum(p => p.Seconds);
        var grainRate = grains.Sum(p => p.Operations) / grains.Sum(p => p.Seconds);
        var ratio = grainRate / rawRate;
        var metrics = new List<Metric>
        {
            new("ratio_grains_to_raw", ratio, "x"),
            new("grains_writes_per_s", grainRate, "writes/s"),
            new("raw_writes_per_s", rawRate, "writes/s"),
        };
        for (var i = 0; i < Rounds; i++)
        {
            metrics.Add(new($"round{i + 1}.raw_writes_per_s", raw[i].PerSecond, "writes/s"));
            metrics.Add(new($"round{i + 1}.grains_writes_per_s", grains[i].PerSecond, "writes/s"));
        }

        metrics.AddRange(raw[^1].Latency.ToMetrics("raw.").Where(m => !m.Name.EndsWith("p99.9", StringComparison.Ordinal)).Select(Milliseconds));
        metrics.AddRange(grains[^1].Latency.ToMetrics("grains.").Where(m => !m.Name.EndsWith("p99.9", StringComparison.Ordinal)).Select(Milliseconds));
        metrics.Add(new("raw.process_cpu_per_write", raw.Sum(p => p.CpuSeconds) / raw.Sum(p => p.Operations) * 1e6, "µs"));
        metrics.Add(new("grains.process_cpu_per_write", grains.Sum(p => p.CpuSeconds) / grains.Sum(p => p.Operations) * 1e6, "µs"));
        metrics.Add(new("raw.allocated_per_write", raw.Sum(p => p.AllocatedBytes) / (double)raw.Sum(p => p.Operations), "B"));
        metrics.Add(new("grains.allocated_per_write", grains.Sum(p => p.AllocatedBytes) / (double)grains.Sum(p => p.Operations), "B"));
        metrics.Add(new("raw.writes_per_transaction", Phase.WritesPerTransaction(raw), "writes"));
        metrics.Add(new("grains.writes_per_transaction", Phase.WritesPerTransaction(grains), "writes"));
        metrics.Add(new("raw.wal_bytes_per_write", Phase.WalBytesPerWrite(raw), "B"));
        metrics.Add(new("grains.wal_bytes_per_write", Phase.WalBytesPerWrite(grains), "B"));
        metrics.Add(new("raw.wal_flushes_per_s", Phase.WalSyncsPerSecond(raw), "fsync/s (approx.)"));
        metrics.Add(new("grains.wal_flushes_per_s", Phase.WalSyncsPerSecond(grains), "fsync/s (approx.)"));
        metrics.Add(new("machine_cpu_busy_raw", raw.Average(p => p.MachineBusyPercent), "% of all CPUs"));
        metrics.Add(new("machine_cpu_busy_grains", grains.Average(p => p.MachineBusyPercent), "% of all CPUs"));

        return new ScenarioResult(
            "pgwrites",
            new Dictionary<string, string>
            {
                ["server"] = server.Version.Split(',')[0],
                ["durability"] = $"fsync={server.Fsync}, synchronous_commit={server.SynchronousCommit}, "
                    + $"full_page_writes={server.FullPageWrites}, wal_sync_method={server.WalSyncMethod}",
                ["callers"] = options.Callers.ToString(CultureInfo.InvariantCulture),
                ["payload_bytes"] = payloadBytes.ToString(CultureInfo.InvariantCulture),
                ["rounds"] = $"{Rounds} × (raw, grains)",
                ["warmup_s"] = Warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                ["measured_s_per_phase"] = options.DurationSeconds.ToString(CultureInfo.InvariantCulture),
                ["latency_from"] = $"round {Rounds} (both sides warm)",
                ["raw"] = "prepared single-row INSERT ... ON CONFLICT (id) DO UPDATE, one autocommit transaction per write, own connection per caller",
                ["grains"] = "one grain per caller; WriteStateAsync through the PostgreSQL provider (its defaults: group commit, batches of up to 128)",
            },
            Headline: "ratio_grains_to_raw",
            Target: $"≥ {TargetRatio:F1}",
            TargetMet: ratio >= TargetRatio,
            metrics);
    }

    private static Metric Milliseconds(Metric m) => m with { Value = m.Value / 1000, Unit = "ms" };

    private static WriterState Sample()
    {
        var state = new WriterState { Owner = "bench-writer-0000" };
        state.Apply(1234);
        return state;
    }
}
