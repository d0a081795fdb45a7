// Cross-process grain calls: two silo processes (silo/GovOrleans.Silo.Host, SQLite cluster tables in a temp
// directory) and this process as a cluster client with 64 concurrent callers. Every call crosses TCP to the silo
// hosting its grain and back. Full load first (closed loop), then an open-loop run paced at half the measured rate.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GovOrleans.GrainInterfaces.Diagnostics;
using GovOrleans.Grains.Diagnostics;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Membership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

const int Callers = 64;
const int Grains = 1000;
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var work = Directory.CreateTempSubdirectory("govorleans-clusterbench-");
var database = $"Data Source={Path.Combine(work.FullName, "cluster.db")}";
var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
var hostDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "silo", "GovOrleans.Silo.Host", "bin", configuration, "net10.0", "GovOrleans.Silo.Host.dll"));
var silos = new List<Process>();
try
{
    for (var i = 0; i < 2; i++)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            hostDll, $"--Platform:Storage:ConnectionString={database}", $"--Silo:ClusterId={clusterId}", $"--Silo:ServiceId={clusterId}",
            $"--Silo:SiloName=bench-{i}", $"--Silo:Endpoints:SiloPort={FreePort()}", $"--Silo:Endpoints:GatewayPort={FreePort()}",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        var name = $"bench-{i}";
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[{name}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        silos.Add(process);
    }

    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Silo:ClusterId"] = clusterId });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.UseGovOrleansClient(c => c.UseSqliteClustering(o => o.ConnectionString = database));
    builder.Services.Configure<GrainTypeOptions>(o => o.Assemblies.Add(typeof(CanaryGrain).Assembly));
    using var client = builder.Build();
    await client.StartAsync();
    var table = client.Services.GetRequiredService<IMembershipTable>();
    while ((await table.ReadAllAsync(CancellationToken.None)).Entries.Count(e => e.Status == SiloStatus.Active) < 2)
    {
        await Task.Delay(200);
    }

    await Task.Delay(1500);
    var factory = client.Services.GetRequiredService<IGrainFactory>();
    var grains = Enumerable.Range(0, Grains).Select(i => factory.GetGrain<ICanaryGrain>($"bench-{i}")).ToArray();
    var homes = await Task.WhenAll(grains.Select(g => g.BeatAsync(1)));
    Console.WriteLine($"== cross-process calls: 2 silo processes + 1 client process, {Callers} callers, {Grains} grains "
        + $"({homes.Count(h => h.Silo == "bench-0")} on bench-0, {homes.Count(h => h.Silo == "bench-1")} on bench-1), {Environment.ProcessorCount} cores");

    await RunClosed(grains, TimeSpan.FromSeconds(3));
    var (rate, p50, p99) = await RunClosed(grains, TimeSpan.FromSeconds(seconds));
    Console.WriteLine($"full load : {rate,10:N0} calls/s   p50 {p50:F3} ms   p99 {p99:F3} ms");
    var (halfRate, hp50, hp99) = await RunPaced(grains, rate / 2, TimeSpan.FromSeconds(seconds));
    Console.WriteLine($"half load : {halfRate,10:N0} calls/s   p50 {hp50:F3} ms   p99 {hp99:F3} ms   (paced at {rate / 2:N0}/s)");
    await client.StopAsync();
}
finally
{
    foreach (var p in silos)
    {
        if (!p.HasExited)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    work.Delete(recursive: true);
}

static async Task<(double Rate, double P50, double P99)> RunClosed(ICanaryGrain[] grains, TimeSpan duration)
{
    var latencies = new List<double>[Callers];
    var stop = Stopwatch.StartNew();
    var tasks = Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
    {
        var mine = latencies[c] = new List<double>(1 << 16);
        var i = c;
        while (stop.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            await grains[i % grains.Length].GetAsync();
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            i += Callers;
        }
    })).ToArray();
    await Task.WhenAll(tasks);
    return Summarize(latencies, stop.Elapsed);
}

static async Task<(double Rate, double P50, double P99)> RunPaced(ICanaryGrain[] grains, double rate, TimeSpan duration)
{
    var latencies = new List<double>[Callers];
    var interval = TimeSpan.FromSeconds(Callers / rate);
    var stop = Stopwatch.StartNew();
    var tasks = Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
    {
        var mine = latencies[c] = new List<double>(1 << 14);
        var next = TimeSpan.FromTicks(interval.Ticks * c / Callers);
        var i = c;
        while (stop.Elapsed < duration)
        {
            var wait = next - stop.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var started = Stopwatch.GetTimestamp();
            await grains[i % grains.Length].GetAsync();
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            i += Callers;
            next += interval;
        }
    })).ToArray();
    await Task.WhenAll(tasks);
    return Summarize(latencies, stop.Elapsed);
}

static (double Rate, double P50, double P99) Summarize(List<double>[] latencies, TimeSpan elapsed)
{
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return (all.Length / elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
