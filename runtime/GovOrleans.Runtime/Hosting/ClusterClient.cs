using GovOrleans.Runtime.Cluster;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Hosting;

/// <summary>Starts a cluster client: reads the membership and waits for a gateway silo before the host serves.</summary>
internal sealed partial class ClusterClient(
    ClusterMembership membership,
    ConnectionManager connections,
    ResponseTimeoutTracker timeouts,
    IOptions<SiloOptions> options,
    ILogger<ClusterClient> logger) : IHostedService
{
    private const int MaxConnectAttempts = 30;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        timeouts.Start();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (attempt == 1)
                {
                    await membership.StartReadingAsync(cancellationToken);
                }

                if (!membership.View.GatewayRing.IsEmpty)
                {
                    LogConnected(logger, options.Value.ClusterId, membership.View.Active.Count);
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < MaxConnectAttempts)
            {
                LogWaiting(logger, ex, options.Value.ClusterId);
            }

            if (attempt >= MaxConnectAttempts)
            {
                throw new InvalidOperationException($"No gateway silo of cluster {options.Value.ClusterId} became active.");
            }

            membership.RefreshSoon();
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await connections.DisposeAsync();
        await membership.DisposeAsync();
        timeouts.Dispose();
    }

    [LoggerMessage(EventId = 2600, Level = LogLevel.Information, Message = "Cluster client connected to cluster {ClusterId} with {ActiveCount} active silos")]
    private static partial void LogConnected(ILogger logger, string clusterId, int activeCount);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "Cluster client waiting for cluster {ClusterId}")]
    private static partial void LogWaiting(ILogger logger, Exception exception, string clusterId);
}
