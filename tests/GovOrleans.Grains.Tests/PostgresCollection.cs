using GovOrleans.Runtime.Testing;

namespace GovOrleans.Grains.Tests;

/// <summary>The test classes that share one PostgreSQL server; each creates its own databases on it.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Postgres";
}
