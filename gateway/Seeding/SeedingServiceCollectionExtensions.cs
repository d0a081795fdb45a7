namespace GovOrleans.Gateway.Seeding;

/// <summary>Registers the sample-municipality seeder; call after the silo so it starts after it.</summary>
internal static class SeedingServiceCollectionExtensions
{
    public static IServiceCollection AddSampleMunicipalitySeeding(this IServiceCollection services)
    {
        services.AddOptions<SeedingOptions>().BindConfiguration(SeedingOptions.SectionName);
        services.AddHostedService<SampleMunicipalitySeeder>();
        return services;
    }
}
