using GovOrleans.Runtime.Testing;

namespace GovOrleans.Gateway.Tests;

/// <summary>Test classes that run the gateway against the shared real PostgreSQL server.</summary>
[CollectionDefinition("Postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
