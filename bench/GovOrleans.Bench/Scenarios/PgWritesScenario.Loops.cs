using System.Diagnostics;
using GovOrleans.Bench.Grains;
using GovOrleans.Bench.Reporting;
using GovOrleans.Runtime.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace GovOrleans.Bench.Scenarios;

// The two write loops and what they record.
internal static partial class PgWritesScenario
{
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
