using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.Runtime.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GovOrleans.Gateway.Health;

/// <summary>Ready when the host (and with it the co-hosted silo) has started and a grain call completes in time.</summary>
internal sealed class SiloReadinessCheck(IHostApplicationLifetime lifetime, IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The silo is starting.");
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The silo is stopping.");
        }

        try
        {
            await grains.GetGrain<IDepartmentDirectoryGrain>(IDepartmentDirectoryGrain.Key).ListAsync().WaitAsync(s_timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy("A grain call timed out.");
        }
    }
}
