// Cross-process grain calls over the cluster transport, SQLite cluster tables in a temp directory, 64 concurrent
// callers: (1) this process as a cluster client calling grains on two silo processes (silo/GovOrleans.Silo.Host);
// (2) this process as silo A calling grains that live on silo process B, over silo-to-silo connections.
// Each: full load first (closed loop), then an open-loop run paced at half the measured rate.
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
using GovOrleans.Silo;
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
    // 1. Client to silo: this process is a cluster client; every call crosses TCP to the silo hosting the grain.
    silos.Add(StartSiloProcess(hostDll, database, clusterId, "bench-0"));
    silos.Add(StartSiloProcess(hostDll, database, clusterId, "bench-1"));
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Silo:ClusterId"] = clusterId });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.UseGovOrleansClient(c => c.UseSqliteClustering(o => o.ConnectionString = database));
    builder.Services.Configure<GrainTypeOptions>(o => o.Assemblies.Add(typeof(CanaryGrain).Assembly));
    using (var client = builder.Build())
    {
        await client.StartAsync();
        await WaitForActiveSilosAsync(client.Services, 2);
        var factory = client.Services.GetRequiredService<IGrainFactory>();
        var grains = Enumerable.Range(0, Grains).Select(i => factory.GetGrain<ICanaryGrain>($"bench-{i}")).ToArray();
        var homes = await Task.WhenAll(grains.Select(g => g.BeatAsync(1)));
        Console.WriteLine($"== client to silo: 2 silo processes + 1 client process, {Callers} callers, {Grains} grains "
            + $"({homes.Count(h => h.Silo == "bench-0")} on bench-0, {homes.Count(h => h.Silo == "bench-1")} on bench-1), {Environment.ProcessorCount} cores");
        await MeasureAsync(grains, seconds);
        await client.StopAsync();
    }

    await StopAllAsync(silos);

    // 2. Silo to silo: this process is silo A (the platform silo, as in silo/GovOrleans.Silo.Host) and calls, from its
    //    own grain factory over silo-to-silo connections, the grains that live on silo process B. A fresh cluster.
    var siloClusterId = clusterId + "-s";
    silos.Add(StartSiloProcess(hostDll, database, siloClusterId, "bench-B"));
    var siloBuilder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    siloBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Platform:Storage:ConnectionString"] = database,
        ["Platform:Cluster:Enabled"] = "true",
        ["Silo:ClusterId"] = siloClusterId,
        ["Silo:ServiceId"] = siloClusterId,
        ["Silo:SiloName"] = "bench-A",
        ["Silo:Endpoints:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        ["Silo:Endpoints:GatewayPort"] = "-1",
    });
    siloBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
    siloBuilder.AddPlatformSilo();
    using (var silo = siloBuilder.Build())
    {
        await silo.StartAsync();
        await WaitForActiveSilosAsync(silo.Services, 2);
        var factory = silo.Services.GetRequiredService<IGrainFactory>();
        var candidates = Enumerable.Range(0, 2 * Grains).Select(i => factory.GetGrain<ICanaryGrain>($"silo-bench-{i}")).ToArray();
        var homes = await Task.WhenAll(candidates.Select(g => g.BeatAsync(1)));
        var remote = candidates.Where((_, i) => homes[i].Silo == "bench-B").Take(Grains).ToArray();
        Console.WriteLine();
        Console.WriteLine($"== silo to silo: silo A (this process, {Callers} callers) -> {remote.Length} grains on silo process B, "
            + $"{Environment.ProcessorCount} cores");
        await MeasureAsync(remote, seconds);
        await silo.StopAsync();
    }
}
finally
{
    await StopAllAsync(silos);
    work.Delete(recursive: true);
}

static async Task MeasureAsync(ICanaryGrain[] grains, int seconds)
{
    await RunClosed(grains, TimeSpan.FromSeconds(3));
    var (rate, p50, p99) = await RunClosed(grains, TimeSpan.FromSeconds(seconds));
    Console.WriteLine($"full load : {rate,10:N0} calls/s   p50 {p50:F3} ms   p99 {p99:F3} ms");
    var (halfRate, hp50, hp99) = await RunPaced(grains, rate / 2, TimeSpan.FromSeconds(seconds));
    Console.WriteLine($"half load : {halfRate,10:N0} calls/s   p50 {hp50:F3} ms   p99 {hp99:F3} ms   (paced at {rate / 2:N0}/s)");
}

static async Task WaitForActiveSilosAsync(IServiceProvider services, int count)
{
    var table = services.GetRequiredService<IMembershipTable>();
    while ((await table.ReadAllAsync(CancellationToken.None)).Entries.Count(e => e.Status == SiloStatus.Active) < count)
    {
        await Task.Delay(200);
    }

    // Every member refreshes its view within a second; calls before that would only measure redirects.
    await Task.Delay(1500);
}

static Process StartSiloProcess(string hostDll, string database, string clusterId, string name)
{
    var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[]
    {
        hostDll, $"--Platform:Storage:ConnectionString={database}", $"--Silo:ClusterId={clusterId}", $"--Silo:ServiceId={clusterId}",
        $"--Silo:SiloName={name}", $"--Silo:Endpoints:SiloPort={FreePort()}", $"--Silo:Endpoints:GatewayPort={FreePort()}",
        "--Logging:LogLevel:Default=Warning",
    })
    {
        info.ArgumentList.Add(a);
    }

    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) =>
    {
        if (e.Data is not null)
        {
            Console.Error.WriteLine($"[{name}] {e.Data}");
        }
    };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task StopAllAsync(List<Process> processes)
{
    foreach (var p in processes)
    {
        if (!p.HasExited)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    processes.Clear();
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
