using Xunit;

namespace GovOrleans.Runtime.Testing;

/// <summary>
/// One <see cref="PostgresTestServer"/> shared by every test class of an xunit collection. The test project
/// declares the collection (xunit only discovers collection definitions in the test assembly):
/// <code>
/// [CollectionDefinition("Postgres")]
/// public sealed class PostgresCollection : ICollectionFixture&lt;PostgresFixture&gt;;
/// </code>
/// Test classes then call <see cref="CreateDatabaseAsync"/> for a database of their own.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresTestServer? _server;

    /// <summary>The running server.</summary>
    /// <exception cref="InvalidOperationException">The fixture has not been initialized by xunit yet.</exception>
    public PostgresTestServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture is not initialized.");

    /// <summary>Creates a fresh database on the shared server and returns its connection string.</summary>
    /// <param name="prefix">Readable start of the database name, e.g. the test class.</param>
    public Task<string> CreateDatabaseAsync(string prefix) => Server.CreateDatabaseAsync(prefix);

    /// <summary>Starts (or connects to) the server.</summary>
    public async Task InitializeAsync() => _server = await PostgresTestServer.StartAsync().ConfigureAwait(false);

    /// <summary>Stops the server, or drops the databases created on a configured one.</summary>
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }
    }
}
