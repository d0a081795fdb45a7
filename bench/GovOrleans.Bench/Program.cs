using GovOrleans.Bench;
using GovOrleans.Bench.Reporting;
using GovOrleans.Bench.Scenarios;

if (args.Any(a => a is "-h" or "--help"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var startedAt = DateTimeOffset.UtcNow;
var machine = MachineInfo.Collect();
ResultWriter.PrintMachine(machine, Console.Out);

var results = new List<ScenarioResult>();
var skipped = new List<string>();
var failed = false;
foreach (var scenario in options.Scenarios)
{
    Console.WriteLine();
    try
    {
        ScenarioResult? result = scenario switch
        {
            "ping" => await PingScenario.RunAsync(options, Console.Out),
            "throughput" => await ThroughputScenario.RunAsync(options, Console.Out),
            _ when options.Postgres is { } postgres => await PgWritesScenario.RunAsync(options, postgres, Console.Out),
            _ => null,
        };
        if (result is null)
        {
            skipped.Add(scenario);
            Console.WriteLine($"{scenario}: skipped, no server (pass --postgres or set {BenchOptions.PostgresEnvironmentVariable})");
            continue;
        }

        results.Add(result);
        ResultWriter.PrintScenario(result, Console.Out);
    }
    catch (Exception ex) when (ex is not OutOfMemoryException)
    {
        failed = true;
        skipped.Add(scenario + " (failed)");
        Console.Error.WriteLine($"{scenario} failed: {ex}");
    }
}

var report = new BenchReport(startedAt, machine, results, skipped);
ResultWriter.PrintSummary(report, Console.Out);
var path = ResultWriter.WriteJson(report, options.ResultsDirectory ?? ResultsLocator.DefaultDirectory());
Console.WriteLine();
Console.WriteLine($"results: {path}");
return failed ? 1 : 0;
