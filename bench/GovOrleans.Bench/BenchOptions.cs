using System.Globalization;

namespace GovOrleans.Bench;

/// <summary>The command line: <c>[ping|throughput|pgwrites|all] [--postgres CS] [--duration S] [--results DIR]</c>.</summary>
internal sealed class BenchOptions
{
    public const string PostgresEnvironmentVariable = "GOVORLEANS_BENCH_POSTGRES";

    public const string Usage =
        "usage: GovOrleans.Bench [ping|throughput|pgwrites|all] [--postgres \"<Npgsql connection string>\"] [--duration <seconds>]\n"
        + "                        [--results <dir>] [--ping-calls <n>] [--callers <n>] [--grains <n>] [--alloc-profile]\n"
        + $"  --postgres defaults to ${PostgresEnvironmentVariable}; pgwrites is skipped when neither is set.\n"
        + "  --alloc-profile adds sampled allocations by type (GCAllocationTick events) to ping and throughput.";

    public static readonly string[] AllScenarios = ["ping", "throughput", "pgwrites"];

    public IReadOnlyList<string> Scenarios { get; private init; } = AllScenarios;

    public string? Postgres { get; private init; }

    /// <summary>Measured seconds of each timed phase (throughput, and each pgwrites phase).</summary>
    public int DurationSeconds { get; private init; } = 10;

    public string? ResultsDirectory { get; private init; }

    public int PingWarmupCalls { get; private init; } = 200_000;

    public int PingCalls { get; private init; } = 1_000_000;

    public int Callers { get; private init; } = 64;

    public int Grains { get; private init; } = 10_000;

    /// <summary>Attribute allocations to types during the measured windows of ping and throughput.</summary>
    public bool AllocationProfile { get; private init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static BenchOptions Parse(string[] args)
    {
        string? scenario = null;
        string? postgres = null;
        string? results = null;
        var duration = 10;
        var pingCalls = 1_000_000;
        var callers = 64;
        var grains = 10_000;
        var allocationProfile = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--postgres":
                    postgres = Value(args, ref i);
                    break;
                case "--duration":
                    duration = Positive(args, ref i, max: 600);
                    break;
                case "--results":
                    results = Value(args, ref i);
                    break;
                case "--ping-calls":
                    pingCalls = Positive(args, ref i, max: 100_000_000);
                    break;
                case "--callers":
                    callers = Positive(args, ref i, max: 1024);
                    break;
                case "--grains":
                    grains = Positive(args, ref i, max: 1_000_000);
                    break;
                case "--alloc-profile":
                    allocationProfile = true;
                    break;
                case "ping" or "throughput" or "pgwrites" or "all" when scenario is null:
                    scenario = args[i];
                    break;
                default:
                    throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
        }

        if (string.IsNullOrWhiteSpace(postgres))
        {
            postgres = Environment.GetEnvironmentVariable(PostgresEnvironmentVariable);
        }

        return new BenchOptions
        {
            Scenarios = scenario is null or "all" ? AllScenarios : [scenario],
            Postgres = string.IsNullOrWhiteSpace(postgres) ? null : postgres,
            DurationSeconds = duration,
            ResultsDirectory = results,
            PingWarmupCalls = Math.Min(200_000, pingCalls),
            PingCalls = pingCalls,
            Callers = callers,
            Grains = Math.Max(grains, callers),
            AllocationProfile = allocationProfile,
        };
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"{args[i]} needs a value");
        }

        return args[++i];
    }

    private static int Positive(string[] args, ref int i, int max)
    {
        var name = args[i];
        var text = Value(args, ref i);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
        {
            throw new ArgumentException($"{name} must be an integer from 1 to {max}, not '{text}'");
        }

        return value;
    }
}
