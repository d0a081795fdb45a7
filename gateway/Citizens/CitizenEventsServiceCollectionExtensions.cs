using GovOrleans.Silo;

namespace GovOrleans.Gateway.Citizens;

/// <summary>Registers the citizen event hub and subscribes it to the co-hosted silo's case events.</summary>
internal static class CitizenEventsServiceCollectionExtensions
{
    public static IServiceCollection AddCitizenEvents(this IServiceCollection services)
    {
        services.AddOptions<CitizenEventsOptions>().BindConfiguration(CitizenEventsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CitizenEventHub>();
        services.AddCaseEventSubscriber(sp =>
        {
            var hub = sp.GetRequiredService<CitizenEventHub>();
            return (caseEvent, _) =>
            {
                hub.Publish(caseEvent);
                return Task.CompletedTask;
            };
        });
        return services;
    }
}
