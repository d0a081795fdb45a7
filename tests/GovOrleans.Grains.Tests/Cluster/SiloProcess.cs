using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GovOrleans.Grains.Tests.Cluster;

/// <summary>A silo host (silo/GovOrleans.Silo.Host) running as its own process on loopback.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static SiloProcess Start(string name, string connectionString, string clusterId, TimeSpan? leaseDuration = null)
    {
        var arguments = new List<string>
        {
            HostAssemblyPath(),
            "--Platform:Storage:Provider=Postgres",
            $"--Platform:Storage:ConnectionString={connectionString}",
            "--Platform:Cluster:Enabled=true",
            $"--Silo:ClusterId={clusterId}",
            $"--Silo:ServiceId={clusterId}",
            $"--Silo:SiloName={name}",
            "--Silo:Endpoints:AdvertisedHost=127.0.0.1",
            $"--Silo:Endpoints:SiloPort={FreePort()}",
            $"--Silo:Endpoints:GatewayPort={FreePort()}",
            "--Logging:LogLevel:Default=Warning",
        };
        if (leaseDuration is { } lease)
        {
            arguments.Add($"--Silo:Membership:LeaseDuration={lease}");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var silo = new SiloProcess(process, name);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>SIGKILL: the process dies without any goodbye.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string HostAssemblyPath()
    {
        // The test runs from tests/GovOrleans.Grains.Tests/bin/<Configuration>/net10.0; the host is built beside it.
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = baseDirectory.Name;
        var configuration = baseDirectory.Parent!.Name;
        var root = baseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GovOrleans.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root!.FullName, "silo", "GovOrleans.Silo.Host", "bin", configuration, framework, "GovOrleans.Silo.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build silo/GovOrleans.Silo.Host first.", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
