using System.Net;
using System.Net.Http.Json;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Runtime.Testing;
using Npgsql;

namespace GovOrleans.Gateway.Tests.Hosting;

/// <summary><c>Platform:Storage:Provider=Postgres</c> really puts the grain state in the test's PostgreSQL database.</summary>
public sealed class PostgresStorageTests(PostgresFixture postgres) : GatewayTestBase(postgres)
{
    [Fact]
    public async Task Submit_OnPostgres_StateStoredInTheDatabase()
    {
        using var anna = await Gateway.AsUserAsync("anna");
        using var submitted = await anna.PostAsJsonAsync("/api/v1/cases", Cases.CaseRequests.ParkingPermit());
        var created = await Problems.ReadAsync<CaseView>(submitted, HttpStatusCode.Created);

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM govorleans_grain_state WHERE grain_key = @key", connection);
        command.Parameters.AddWithValue("key", created.Id);
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }
}
