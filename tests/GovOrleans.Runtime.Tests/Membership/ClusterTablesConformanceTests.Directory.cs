using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.GrainDirectory;
using GovOrleans.Runtime.Membership;

namespace GovOrleans.Runtime.Tests.Membership;

public abstract partial class ClusterTablesConformanceTests
{
    [Fact]
    public async Task Register_ActiveSilo_WinsAndIsFound()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);
        var address = new GrainAddress(Grain(), silo, Guid.NewGuid());

        Assert.Equal(address, await Directory.RegisterAsync(address, CancellationToken.None));

        Assert.Equal(address, await Directory.LookupAsync(address.GrainId, CancellationToken.None));
        Assert.Null(await Directory.LookupAsync(Grain(), CancellationToken.None));
    }

    [Fact]
    public async Task Register_AlreadyRegistered_ReturnsExistingRegistration()
    {
        var (first, second) = (Silo(), Silo());
        await InsertAsync(Membership, first, SiloStatus.Active);
        await InsertAsync(Membership, second, SiloStatus.Active);
        var grain = Grain();
        var winner = await Directory.RegisterAsync(new GrainAddress(grain, first, Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(winner, await Directory.RegisterAsync(new GrainAddress(grain, second, Guid.NewGuid()), CancellationToken.None));
        Assert.Equal(winner, await Directory.RegisterAsync(new GrainAddress(grain, first, Guid.NewGuid()), CancellationToken.None));
    }

    [Fact]
    public async Task Register_ConcurrentlyFromTwoSilos_ExactlyOneWinsAndBothGetIt()
    {
        var (first, second) = (Silo(), Silo());
        await InsertAsync(Membership, first, SiloStatus.Active);
        await InsertAsync(Membership, second, SiloStatus.Active);
        var other = (IGrainDirectoryTable)await OpenAsync(ClusterId);

        for (var i = 0; i < 20; i++)
        {
            var grain = Grain();
            var (mine, theirs) = (new GrainAddress(grain, first, Guid.NewGuid()), new GrainAddress(grain, second, Guid.NewGuid()));

            var results = await Task.WhenAll(
                Directory.RegisterAsync(mine, CancellationToken.None),
                other.RegisterAsync(theirs, CancellationToken.None));

            Assert.NotNull(results[0]);
            Assert.Equal(results[0], results[1]);
            Assert.True(results[0] == mine || results[0] == theirs);
            Assert.Equal(results[0], await Directory.LookupAsync(grain, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData(SiloStatus.Joining)]
    [InlineData(SiloStatus.ShuttingDown)]
    [InlineData(SiloStatus.Dead)]
    [InlineData(SiloStatus.None)]
    public async Task Register_SiloNotActive_ReturnsNullAndRegistersNothing(SiloStatus status)
    {
        var silo = Silo();
        if (status != SiloStatus.None)
        {
            await InsertAsync(Membership, silo, status);
        }

        var address = new GrainAddress(Grain(), silo, Guid.NewGuid());

        Assert.Null(await Directory.RegisterAsync(address, CancellationToken.None));
        Assert.Null(await Directory.LookupAsync(address.GrainId, CancellationToken.None));
    }

    [Fact]
    public async Task Register_SiloNotActiveButGrainRegistered_ReturnsExistingRegistration()
    {
        var (active, leaving) = (Silo(), Silo());
        await InsertAsync(Membership, active, SiloStatus.Active);
        await InsertAsync(Membership, leaving, SiloStatus.ShuttingDown);
        var existing = new GrainAddress(Grain(), active, Guid.NewGuid());
        await Directory.RegisterAsync(existing, CancellationToken.None);

        Assert.Equal(existing, await Directory.RegisterAsync(existing with { Silo = leaving, ActivationId = Guid.NewGuid() }, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStatus_Dead_RemovesOnlyThatSilosRegistrations()
    {
        var (dying, surviving) = (Silo(), Silo());
        await InsertAsync(Membership, dying, SiloStatus.Active);
        await InsertAsync(Membership, surviving, SiloStatus.Active);
        var lost = new[] { Grain(), Grain() };
        foreach (var grain in lost)
        {
            await Directory.RegisterAsync(new GrainAddress(grain, dying, Guid.NewGuid()), CancellationToken.None);
        }

        var kept = await Directory.RegisterAsync(new GrainAddress(Grain(), surviving, Guid.NewGuid()), CancellationToken.None);

        Assert.True(await Membership.UpdateStatusAsync(dying, SiloStatus.Dead, 2, null, CancellationToken.None));

        Assert.Null(await Directory.LookupAsync(lost[0], CancellationToken.None));
        Assert.Null(await Directory.LookupAsync(lost[1], CancellationToken.None));
        Assert.Equal(kept, await Directory.LookupAsync(kept!.Value.GrainId, CancellationToken.None));
        var moved = new GrainAddress(lost[0], surviving, Guid.NewGuid());
        Assert.Equal(moved, await Directory.RegisterAsync(moved, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStatus_ShuttingDown_KeepsRegistrations()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);
        var address = await Directory.RegisterAsync(new GrainAddress(Grain(), silo, Guid.NewGuid()), CancellationToken.None);

        Assert.True(await Membership.UpdateStatusAsync(silo, SiloStatus.ShuttingDown, 1, null, CancellationToken.None));

        Assert.Equal(address, await Directory.LookupAsync(address!.Value.GrainId, CancellationToken.None));
    }

    [Fact]
    public async Task Register_ConcurrentWithDeath_LeavesNoRegistrationOfTheDeadSilo()
    {
        var dying = Silo();
        await InsertAsync(Membership, dying, SiloStatus.Active);
        var other = await OpenAsync(ClusterId);
        var grains = Enumerable.Range(0, 40).Select(_ => Grain()).ToList();

        var registrations = Task.WhenAll(grains.Select(grain =>
            Directory.RegisterAsync(new GrainAddress(grain, dying, Guid.NewGuid()), CancellationToken.None)));
        var death = other.UpdateStatusAsync(dying, SiloStatus.Dead, 1, null, CancellationToken.None);
        await Task.WhenAll(registrations, death);

        Assert.True(await death);
        foreach (var grain in grains)
        {
            Assert.Null(await Directory.LookupAsync(grain, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Unregister_ExactRegistration_RemovesIt()
    {
        var address = await RegisterOnNewSiloAsync();

        Assert.True(await Directory.UnregisterAsync(address, CancellationToken.None));

        Assert.Null(await Directory.LookupAsync(address.GrainId, CancellationToken.None));
        Assert.False(await Directory.UnregisterAsync(address, CancellationToken.None));
    }

    [Fact]
    public async Task Unregister_OtherActivationOrSilo_DoesNothing()
    {
        var address = await RegisterOnNewSiloAsync();

        Assert.False(await Directory.UnregisterAsync(address with { ActivationId = Guid.NewGuid() }, CancellationToken.None));
        Assert.False(await Directory.UnregisterAsync(address with { Silo = Silo() }, CancellationToken.None));

        Assert.Equal(address, await Directory.LookupAsync(address.GrainId, CancellationToken.None));
    }

    [Fact]
    public async Task UnregisterMany_RemovesOnlyExactRegistrations()
    {
        var silo = Silo();
        await InsertAsync(Membership, silo, SiloStatus.Active);
        var addresses = new List<GrainAddress>();
        for (var i = 0; i < 3; i++)
        {
            addresses.Add((await Directory.RegisterAsync(new GrainAddress(Grain(), silo, Guid.NewGuid()), CancellationToken.None))!.Value);
        }

        await Directory.UnregisterManyAsync([addresses[0], addresses[1] with { ActivationId = Guid.NewGuid() }, new GrainAddress(Grain(), silo, Guid.NewGuid())], CancellationToken.None);
        await Directory.UnregisterManyAsync([], CancellationToken.None);

        Assert.Null(await Directory.LookupAsync(addresses[0].GrainId, CancellationToken.None));
        Assert.Equal(addresses[1], await Directory.LookupAsync(addresses[1].GrainId, CancellationToken.None));
        Assert.Equal(addresses[2], await Directory.LookupAsync(addresses[2].GrainId, CancellationToken.None));
    }
}
