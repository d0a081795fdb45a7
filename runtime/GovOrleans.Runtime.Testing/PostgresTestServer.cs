using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace GovOrleans.Runtime.Testing;

/// <summary>
/// A real PostgreSQL for tests. When <see cref="EnvironmentVariable"/> holds a connection string, that server is
/// used (its user must be allowed to create databases). Otherwise a throwaway server is initialized in a temporary
/// directory from the installed PostgreSQL binaries, listens on a free loopback port, and is stopped and deleted on
/// <see cref="DisposeAsync"/>. It never falls back to skipping: without a server, starting fails with instructions.
/// </summary>
public sealed partial class PostgresTestServer : IAsyncDisposable
{
    /// <summary>The environment variable that points the tests at an existing server.</summary>
    public const string EnvironmentVariable = "GOVORLEANS_TEST_POSTGRES";

    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string ApplicationRole = "govorleans";

    private readonly List<string> _createdDatabases = [];
    private readonly Lock _lock = new();
    private readonly LocalCluster? _cluster;

    private PostgresTestServer(string connectionString, LocalCluster? cluster)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
    }

    /// <summary>A connection string to the server's main test database, as a role that may create databases.</summary>
    public string ConnectionString { get; }

    /// <summary>True when the server was started by this instance rather than taken from the environment.</summary>
    public bool IsThrowaway => _cluster is not null;

    /// <summary>Connects to the server named by the environment, or starts a throwaway one.</summary>
    /// <exception cref="InvalidOperationException">No server is configured and no PostgreSQL binaries are installed.</exception>
    public static async Task<PostgresTestServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresTestServer(configured, cluster: null);
        }

        var binDirectory = FindBinDirectory();
        var cluster = await LocalCluster.StartAsync(binDirectory, cancellationToken).ConfigureAwait(false);
        try
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            await using (var admin = new NpgsqlConnection(cluster.AdminConnectionString))
            {
                await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(admin, $"CREATE ROLE {ApplicationRole} LOGIN CREATEDB PASSWORD '{password}'", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(admin, $"CREATE DATABASE {ApplicationRole} OWNER {ApplicationRole}", cancellationToken).ConfigureAwait(false);
            }

            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = IPAddress.Loopback.ToString(),
                Port = cluster.Port,
                Database = ApplicationRole,
                Username = ApplicationRole,
                Password = password,
            };
            return new PostgresTestServer(builder.ConnectionString, cluster);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Creates a fresh, uniquely named database and returns its connection string, so that a test class starts from
    /// an empty schema whatever ran before it.
    /// </summary>
    /// <param name="prefix">Readable start of the name; anything but letters, digits and '_' is dropped.</param>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var readable = new string([.. prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(30)]);
        if (readable.Length == 0 || !char.IsAsciiLetter(readable[0]))
        {
            readable = "t" + readable[..Math.Min(readable.Length, 29)];
        }

        // At most 30 + 1 + 32 = 63 characters, PostgreSQL's limit for a name.
        var name = $"{readable}_{Guid.NewGuid():N}";

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await ExecuteAsync(connection, $"CREATE DATABASE \"{name}\"", CancellationToken.None).ConfigureAwait(false);
        }

        lock (_lock)
        {
            _createdDatabases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops and deletes a throwaway server, or drops the databases created on a configured one.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync().ConfigureAwait(false);
            return;
        }

        string[] databases;
        lock (_lock)
        {
            databases = [.. _createdDatabases];
            _createdDatabases.Clear();
        }

        if (databases.Length == 0)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        foreach (var database in databases)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
                    break;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
                {
                    // FORCE cannot end a backend of another role (an autovacuum worker); it finishes in moments.
                    await Task.Delay(200).ConfigureAwait(false);
                }
            }
        }
    }

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists(BinariesRoot)
            ? Directory.GetDirectories(BinariesRoot)
                .Select(directory => (Directory: Path.Combine(directory, "bin"), Version: ParseVersion(Path.GetFileName(directory))))
                .Where(candidate => File.Exists(Path.Combine(candidate.Directory, "initdb")) && File.Exists(Path.Combine(candidate.Directory, "pg_ctl")))
                .OrderByDescending(candidate => candidate.Version)
                .ToList()
            : [];
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL server binaries were found under {BinariesRoot}/*/bin, and {EnvironmentVariable} is not set. " +
                "Run the tests with the test command from the README, which installs PostgreSQL first " +
                "(or install the 'postgresql' package yourself, or set " + EnvironmentVariable + " to a connection string " +
                "of a server whose user may create databases).");
        }

        return candidates[0].Directory;
    }

    private static Version ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : new Version(0, 0);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static int FindFreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
