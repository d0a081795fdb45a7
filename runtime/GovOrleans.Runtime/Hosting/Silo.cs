using System.Net;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Cluster;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Membership;
using GovOrleans.Runtime.Messaging;
using GovOrleans.Runtime.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Hosting;

/// <summary>
/// Starts and stops the silo's services with the host. A clustered silo (a membership table is configured) also
/// listens on its silo and gateway ports, joins the membership, and on a graceful stop leaves in order: ShuttingDown
/// (no new activations here) → reminders stop → every activation deactivates and unregisters (queued calls go to other
/// silos) → GoAway on every connection, which the peers close once their calls on it have been answered → Dead.
/// </summary>
internal sealed partial class Silo(
    Catalog.Catalog catalog,
    GrainTypeResolver resolver,
    ActivationCollector collector,
    ResponseTimeoutTracker timeouts,
    ReminderService reminders,
    IServiceProvider services,
    TimeProvider time,
    IOptions<SiloOptions> options,
    ILogger<Silo> logger) : IHostedService
{
    private static readonly TimeSpan GoAwayLimit = TimeSpan.FromSeconds(5);
    private readonly bool _clustered = services.GetService<IMembershipTable>() is not null;
    private bool _killed;

    /// <summary>This silo's cluster address; null when not clustered or not started.</summary>
    public SiloAddress? Address { get; private set; }

    /// <summary>The port clients connect to, or 0.</summary>
    public int GatewayPort { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Scanning up front surfaces duplicate grain type names and bad attributes at start, not on first call.
        var grainClasses = resolver.GrainClasses.Count;
        timeouts.Start();
        collector.Start();
        if (_clustered)
        {
            await JoinClusterAsync(cancellationToken);
        }

        await reminders.StartAsync(cancellationToken);
        LogStarted(logger, options.Value.SiloName, options.Value.ClusterId, grainClasses);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_killed)
        {
            return;
        }

        LogStopping(logger, options.Value.SiloName, catalog.Count);
        var membership = _clustered ? services.GetRequiredService<ClusterMembership>() : null;
        if (membership is not null && !membership.IsDead)
        {
            try
            {
                await membership.LeaveAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLeaveFailed(logger, ex);
            }
        }

        await reminders.DisposeAsync();
        collector.Dispose();
        await catalog.StopAsync(cancellationToken);
        if (membership is not null)
        {
            // GoAway before Dead: peers drop a connection when they read that its silo is dead, and a call in flight
            // on it would end with an unknown outcome. After the GoAway each peer closes its connection itself once
            // its calls there are answered (requests arriving meanwhile get "not executed" from the stopped catalog),
            // so by the time the table says Dead no connection is left to cut.
            await services.GetRequiredService<ConnectionManager>().GoAwayAsync(GoAwayLimit, cancellationToken);
            try
            {
                await membership.MarkDeadAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLeaveFailed(logger, ex);
            }
        }

        timeouts.Dispose();
        LogStopped(logger, options.Value.SiloName);
    }

    /// <summary>Stops at once as if the process died: no deactivation, no table writes, connections dropped (tests).</summary>
    public async Task KillAsync()
    {
        _killed = true;
        catalog.Abandon();
        if (_clustered)
        {
            services.GetRequiredService<ClusterMembership>().Kill();
            await services.GetRequiredService<ConnectionManager>().DisposeAsync();
        }

        await reminders.DisposeAsync();
        collector.Dispose();
        timeouts.Dispose();
    }

    private async Task JoinClusterAsync(CancellationToken cancellationToken)
    {
        var endpoints = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var connections = services.GetRequiredService<ConnectionManager>();
        connections.RequestHandler = services.GetRequiredService<IncomingRequestDispatcher>();
        var listenHost = IPAddress.Parse(endpoints.ListenHost ?? endpoints.AdvertisedHost);
        var siloEndpoint = connections.Listen(new IPEndPoint(listenHost, endpoints.SiloPort), PeerRole.Silo);
        GatewayPort = endpoints.GatewayPort < 0 ? 0 : connections.Listen(new IPEndPoint(listenHost, endpoints.GatewayPort), PeerRole.Client).Port;
        var self = new SiloAddress(endpoints.AdvertisedHost, siloEndpoint.Port, time.GetUtcNow().ToUnixTimeMilliseconds());
        Address = self;
        connections.UseSiloIdentity(self);
        await services.GetRequiredService<ClusterMembership>().JoinAsync(self, options.Value.SiloName, GatewayPort, cancellationToken);
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Silo {SiloName} started in cluster {ClusterId} with {GrainClassCount} grain classes")]
    private static partial void LogStarted(ILogger logger, string siloName, string clusterId, int grainClassCount);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Silo {SiloName} stopping; deactivating {ActivationCount} activations")]
    private static partial void LogStopping(ILogger logger, string siloName, int activationCount);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Silo {SiloName} stopped")]
    private static partial void LogStopped(ILogger logger, string siloName);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Leaving the membership table failed; other silos will declare this silo dead when its lease expires")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception);
}
