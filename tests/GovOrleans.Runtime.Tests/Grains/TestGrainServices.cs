using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Runtime.Tests.Grains;

public static class TestGrainServices
{
    public static IServiceCollection AddTestGrainServices(this IServiceCollection services) => services
        .AddSingleton<TestGates>()
        .AddSingleton<LifecycleLog>()
        .AddSingleton<ReminderLog>()
        .AddSingleton<FailureBudget>()
        .AddSingleton<ActivationTracker>();
}
