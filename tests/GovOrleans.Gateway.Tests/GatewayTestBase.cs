using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests;

/// <summary>A test class with its own gateway on its own fresh PostgreSQL database (shared server).</summary>
[Collection("Postgres")]
public abstract class GatewayTestBase(PostgresFixture postgres) : IAsyncLifetime
{
    private GatewayFactory? _factory;

    /// <summary>This class's database.</summary>
    protected string ConnectionString { get; private set; } = "";

    protected GatewayFactory Gateway => _factory ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>Settings added to every gateway of this class.</summary>
    protected virtual (string Key, string? Value)[] ExtraSettings => [];

    public async Task InitializeAsync()
    {
        ConnectionString = await postgres.CreateDatabaseAsync(GetType().Name);
        _factory = GatewayFactory.ForPostgres(ConnectionString, ExtraSettings);
        _ = _factory.Server; // start the host (silo, seeding) before the first test
        await OnStartedAsync();
    }

    /// <summary>Per-class setup once the gateway runs.</summary>
    protected virtual Task OnStartedAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
