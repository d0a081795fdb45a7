using System.Diagnostics;
using System.Globalization;
using GovOrleans.Bench.Grains;
using GovOrleans.Bench.Hosting;
using GovOrleans.Bench.Reporting;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Serialization;
using GovOrleans.Runtime.Storage;
using Npgsql;
using NpgsqlTypes;

namespace GovOrleans.Bench.Scenarios;

/// <summary>
/// Durable writes per second to PostgreSQL through grains (each call: mutate state, await WriteStateAsync),
/// beside a raw Npgsql upsert loop at the same concurrency against the same server, phases alternating
/// raw, grains, raw, grains so drift in the machine or the server hits both sides alike.
/// </summary>
internal static class PgWritesScenario
{
    public const double TargetRatio = 1.0;
    public const string RawTable = "bench_raw_upsert";
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
        await using (var silo = await BenchSilo.StartAsync(s => s.AddPostgresGrainStorage("Default", o => o.ConnectionString = connectionString)))
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

    private static async Task<Phase> RunGrainsAsync(IWriterGrain[] writers, TimeSpan duration, NpgsqlDataSource admin)
    {
        var server = new ServerWindow(admin);
        var samples = new Samples(writers.Length);
        var window = new TimedWindow(writers.Length);
        var outcome = await window.RunAsync(
            async caller =>
            {
                var writer = writers[caller];
                var value = 0;
                while (!window.Stopping)
                {
                    var started = Stopwatch.GetTimestamp();
                    await writer.WriteAsync(value++);
                    samples.Record(caller, started, window);
                    window.Increment(caller);
                }
            },
            Warmup,
            duration,
            atEdge: server.Snapshot);
        return Phase.From(outcome, samples, server.Delta);
    }

    private static async Task<Phase> RunRawAsync(string connectionString, int callers, TimeSpan duration, NpgsqlDataSource admin)
    {
        var server = new ServerWindow(admin);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = Math.Max(builder.MaxPoolSize, callers);
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var samples = new Samples(callers);
        var window = new TimedWindow(callers);
        var outcome = await window.RunAsync(
            async caller =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var command = new NpgsqlCommand(UpsertSql, connection);
                var id = new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = caller };
                var payload = new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Jsonb };
                command.Parameters.Add(id);
                command.Parameters.Add(payload);
                await command.PrepareAsync();
                var state = new WriterState { Owner = $"bench-writer-{caller:D4}" };
                var value = 0;
                while (!window.Stopping)
                {
                    var started = Stopwatch.GetTimestamp();
                    state.Apply(value++);
                    payload.TypedValue = GrainStateJson.Serialize(state);
                    await command.ExecuteNonQueryAsync();
                    samples.Record(caller, started, window);
                    window.Increment(caller);
                }
            },
            Warmup,
            duration,
            atEdge: server.Snapshot);
        return Phase.From(outcome, samples, server.Delta);
    }

    /// <summary>Reads <see cref="PostgresActivity"/> at both edges of the window.</summary>
    private sealed class ServerWindow(NpgsqlDataSource admin)
    {
        private PostgresActivity? _start;

        public PostgresActivity? Delta { get; private set; }

        public void Snapshot(bool start)
        {
            var now = PostgresActivity.Read(admin);
            if (start)
            {
                _start = now;
            }
            else
            {
                Delta = now.Minus(_start!);
            }
        }
    }

    /// <summary>Per-caller latency buffers, filled only inside the measured window.</summary>
    private sealed class Samples(int callers)
    {
        private readonly long[][] _ticks = Enumerable.Range(0, callers).Select(_ => new long[MaxSamplesPerCaller]).ToArray();
        private readonly int[] _counts = new int[callers];

        public void Record(int caller, long started, TimedWindow window)
        {
            var n = _counts[caller];
            if (window.Measuring && n < MaxSamplesPerCaller)
            {
                _ticks[caller][n] = Stopwatch.GetTimestamp() - started;
                _counts[caller] = n + 1;
            }
        }

        public LatencySummary Summarize()
        {
            var all = _ticks.SelectMany((t, i) => t.Take(_counts[i])).ToArray();
            return LatencySummary.FromTicks(all, all.Length);
        }
    }

    private sealed record Phase(
        long Operations, double Seconds, double CpuSeconds, long AllocatedBytes, double MachineBusyPercent, LatencySummary Latency, PostgresActivity? Server)
    {
        public double PerSecond => Operations / Seconds;

        public static Phase From(TimedWindow.Outcome outcome, Samples samples, PostgresActivity? server)
        {
            var machine = (double)(outcome.End.Machine.Total - outcome.Start.Machine.Total);
            return new(
                outcome.Operations,
                outcome.Seconds,
                (outcome.End.CpuTime - outcome.Start.CpuTime).TotalSeconds,
                outcome.End.AllocatedBytes - outcome.Start.AllocatedBytes,
                machine > 0 ? 100 * (outcome.End.Machine.Busy - outcome.Start.Machine.Busy) / machine : double.NaN,
                samples.Summarize(),
                server);
        }

        public static double WritesPerTransaction(List<Phase> phases) =>
            phases.Sum(p => p.Operations) / (double)phases.Sum(p => p.Server?.NextXid ?? 0);

        public static double WalBytesPerWrite(List<Phase> phases) =>
            phases.Sum(p => p.Server?.WalBytes ?? 0) / (double)phases.Sum(p => p.Operations);

        public static double WalSyncsPerSecond(List<Phase> phases) =>
            phases.Sum(p => p.Server?.WalSyncs ?? 0) / phases.Sum(p => p.Seconds);

        public override string ToString() =>
            $"{PerSecond,8:N0} writes/s, p50 {Latency.MedianUs / 1000:F2} ms, p99 {Latency.P99Us / 1000:F2} ms, "
            + $"{Operations / (double)(Server?.NextXid ?? 0):F1} writes/transaction, machine CPU {MachineBusyPercent:F0} %";
    }
}
