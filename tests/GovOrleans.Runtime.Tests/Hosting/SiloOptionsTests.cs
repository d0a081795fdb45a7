using GovOrleans.Runtime.Storage;
using GovOrleans.Runtime.Testing;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Tests.Hosting;

public sealed class SiloOptionsTests
{
    [Fact]
    public async Task Start_WithInconsistentCollectionOptions_FailsListingEveryProblem()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => new InProcessTestClusterBuilder()
            .WithSetting("Silo:GrainCollection:CollectionAge", "00:01:00")
            .WithSetting("Silo:GrainCollection:CollectionQuantum", "00:05:00")
            .WithSetting("Silo:GrainCollection:ClassSpecificCollectionAge:case", "-00:01:00")
            .ConfigureSilo(silo => silo.AddMemoryGrainStorage())
            .BuildAndStartAsync());

        Assert.Contains(failure.Failures, f => f.Contains("CollectionQuantum", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("'case'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithInvalidClusterId_Fails()
    {
        await Assert.ThrowsAsync<OptionsValidationException>(() => new InProcessTestClusterBuilder()
            .WithSetting("Silo:ClusterId", "has spaces")
            .ConfigureSilo(silo => silo.AddMemoryGrainStorage())
            .BuildAndStartAsync());
    }
}
