using System.Diagnostics;

namespace GovOrleans.Runtime.Testing;

// The throwaway server.
public sealed partial class PostgresTestServer
{
    /// <summary>
    /// A PostgreSQL cluster in a temporary directory. initdb refuses to run as root, so as root every server tool
    /// runs as the 'postgres' user (which the Debian package creates) on a directory handed over to it.
    /// </summary>
    private sealed class LocalCluster : IAsyncDisposable
    {
        private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

        private readonly string _binDirectory;
        private readonly string _root;
        private readonly string _dataDirectory;
        private readonly string _logFile;
        private readonly bool _runAsPostgres;
        private bool _started;

        private LocalCluster(string binDirectory, string root)
        {
            _binDirectory = binDirectory;
            _root = root;
            _dataDirectory = Path.Combine(root, "data");
            _logFile = Path.Combine(root, "postgres.log");
            _runAsPostgres = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        }

        public int Port { get; private set; }

        /// <summary>The superuser over the Unix socket in the cluster's own directory (trusted, no password).</summary>
        public string AdminConnectionString => $"Host={_root};Port={Invariant(Port)};Username=postgres;Database=postgres;Pooling=false";

        public static async Task<LocalCluster> StartAsync(string binDirectory, CancellationToken cancellationToken)
        {
            var cluster = new LocalCluster(binDirectory, Directory.CreateTempSubdirectory("govorleans-pg-").FullName);
            try
            {
                await cluster.InitializeAsync(cancellationToken).ConfigureAwait(false);
                await cluster.StartServerAsync(cancellationToken).ConfigureAwait(false);
                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_started)
            {
                _started = false;
                try
                {
                    // Immediate: the data is thrown away anyway, so there is nothing to checkpoint.
                    await RunToolAsync("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"], CancellationToken.None).ConfigureAwait(false);
                }
                catch (InvalidOperationException)
                {
                    // Already gone; the directory is still removed below.
                }
            }

            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless; failing a test run over it is not.
            }
        }

        private async Task InitializeAsync(CancellationToken cancellationToken)
        {
            if (_runAsPostgres)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", _root], cancellationToken).ConfigureAwait(false);
            }

            // --no-sync and fsync=off below are for this test-only server, whose data is deleted afterwards.
            await RunToolAsync(
                "initdb",
                ["-D", _dataDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                cancellationToken).ConfigureAwait(false);
        }

        private async Task StartServerAsync(CancellationToken cancellationToken)
        {
            // The free port can be taken between probing and binding; another port then usually works.
            for (var attempt = 1; ; attempt++)
            {
                Port = FindFreeLoopbackPort();
                var serverOptions = $"-p {Invariant(Port)} -k {Quote(_root)} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off";
                try
                {
                    await RunToolAsync("pg_ctl", ["-D", _dataDirectory, "-l", _logFile, "-w", "-t", "60", "-o", serverOptions, "start"], cancellationToken).ConfigureAwait(false);
                    _started = true;
                    return;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // Most likely the port was taken meanwhile: try another.
                }
                catch (InvalidOperationException exception)
                {
                    throw new InvalidOperationException($"{exception.Message}{Environment.NewLine}Server log:{Environment.NewLine}{ReadLogTail()}", exception);
                }
            }
        }

        private string ReadLogTail()
        {
            try
            {
                var lines = File.ReadAllLines(_logFile);
                return string.Join(Environment.NewLine, lines.TakeLast(30));
            }
            catch (IOException)
            {
                return "(no log)";
            }
        }

        private Task RunToolAsync(string tool, string[] arguments, CancellationToken cancellationToken)
        {
            // The server outlives pg_ctl and would inherit every descriptor this process leaves open, including a
            // build lock held by flock around the test run: close all but stdio before starting any tool.
            var command = "for fd in $(ls /proc/$$/fd); do if [ \"$fd\" -gt 2 ]; then eval \"exec $fd>&-\"; fi; done; cd / && exec "
                + string.Join(' ', arguments.Prepend(Path.Combine(_binDirectory, tool)).Select(Quote));
            return _runAsPostgres
                ? RunAsync("su", ["postgres", "-s", "/bin/bash", "-c", command], cancellationToken)
                : RunAsync("/bin/bash", ["-c", command], cancellationToken);
        }

        private static async Task RunAsync(string fileName, string[] arguments, CancellationToken cancellationToken)
        {
            var startInfo = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ToolTimeout);
            using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} did not finish within {ToolTimeout}.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}" +
                    $"{await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
            }
        }
    }
}
