using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GovOrleans.Gateway.Observability;

/// <summary>Registration of the in-process Prometheus exporter.</summary>
internal static class PrometheusMetricsExtensions
{
    /// <summary>Registers the collector and starts listening when the host starts.</summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton<PrometheusMetricsCollector>();
        services.AddOptions<MetricsEndpointOptions>().BindConfiguration(MetricsEndpointOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<MetricsAccessFilter>();
        // Resolving the collector at start-up begins aggregation then, not at the first scrape.
        services.AddHostedService<CollectorActivator>();
        return services;
    }

    /// <summary>Maps <c>GET /metrics</c> for operators, the configured scraper and (by default) loopback callers (<see cref="MetricsAccessFilter"/>).</summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/metrics", static (PrometheusMetricsCollector collector) =>
                TypedResults.Text(collector.Scrape(), PrometheusMetricsCollector.ContentType))
            .AddEndpointFilter<MetricsAccessFilter>()
            .AllowAnonymous()
            .WithName("PrometheusMetrics")
            .ExcludeFromDescription();

    private sealed class CollectorActivator(PrometheusMetricsCollector collector) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(collector);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
