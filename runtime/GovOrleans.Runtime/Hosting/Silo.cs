using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Reminders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Hosting;

/// <summary>Starts and stops the silo's services with the host.</summary>
internal sealed partial class Silo(
    Catalog.Catalog catalog,
    GrainTypeResolver resolver,
    ActivationCollector collector,
    ResponseTimeoutTracker timeouts,
    ReminderService reminders,
    IOptions<SiloOptions> options,
    ILogger<Silo> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Scanning up front surfaces duplicate grain type names and bad attributes at start, not on first call.
        var grainClasses = resolver.GrainClasses.Count;
        timeouts.Start();
        collector.Start();
        await reminders.StartAsync(cancellationToken);
        LogStarted(logger, options.Value.SiloName, options.Value.ClusterId, grainClasses);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopping(logger, options.Value.SiloName, catalog.Count);
        await reminders.DisposeAsync();
        collector.Dispose();
        await catalog.StopAsync(cancellationToken);
        timeouts.Dispose();
        LogStopped(logger, options.Value.SiloName);
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Silo {SiloName} started in cluster {ClusterId} with {GrainClassCount} grain classes")]
    private static partial void LogStarted(ILogger logger, string siloName, string clusterId, int grainClassCount);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Silo {SiloName} stopping; deactivating {ActivationCount} activations")]
    private static partial void LogStopping(ILogger logger, string siloName, int activationCount);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Silo {SiloName} stopped")]
    private static partial void LogStopped(ILogger logger, string siloName);
}
