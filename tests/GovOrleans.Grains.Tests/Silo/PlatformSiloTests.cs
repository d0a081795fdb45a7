using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.Runtime.Testing;
using GovOrleans.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static GovOrleans.Grains.Tests.TestMunicipality;

namespace GovOrleans.Grains.Tests.Silo;

public sealed class PlatformSiloTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("govorleans-silo-tests-").FullName;

    [Fact]
    public async Task AddPlatform_InvalidStorageSettings_FailsOnStartWithEveryFailure()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => new InProcessTestClusterBuilder()
            .WithSetting("Platform:Storage:Provider", "Mongo")
            .ConfigureSilo(silo => silo.AddPlatform())
            .BuildAndStartAsync());

        Assert.Contains(ex.Failures, f => f.Contains("Provider", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddPlatform_PostgresWithoutConnectionString_FailsOnStart()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => new InProcessTestClusterBuilder()
            .WithSetting("Platform:Storage:Provider", "Postgres")
            .ConfigureSilo(silo => silo.AddPlatform())
            .BuildAndStartAsync());

        Assert.Contains(ex.Failures, f => f.Contains("ConnectionString is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddCaseEventSubscriber_Delegate_ReceivesCaseEvents()
    {
        var received = new TaskCompletionSource<CaseEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var cluster = await new InProcessTestClusterBuilder()
            .UseTimeProvider(new FakeTimeProvider())
            .WithSetting("Platform:Storage:ConnectionString", $"Data Source={Path.Combine(_directory, "data", "platform.db")}")
            .ConfigureSilo(silo => silo.AddPlatform())
            .ConfigureServices(services => services.AddCaseEventSubscriber((e, _) =>
            {
                received.TrySetResult(e);
                return Task.CompletedTask;
            }))
            .BuildAndStartAsync();
        await SeedAsync(cluster.GrainFactory);
        var caseId = NewId("case");

        await SubmitAsync(cluster.GrainFactory, caseId, NewId("c"));

        var e = await received.Task.Within("subscriber");
        Assert.Equal((caseId, CaseEventType.CaseSubmitted), (e.CaseId, e.Type));
        Assert.True(File.Exists(Path.Combine(_directory, "data", "platform.db")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
