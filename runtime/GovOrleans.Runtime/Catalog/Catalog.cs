using System.Collections.Concurrent;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Filters;
using GovOrleans.Runtime.Scheduling;
using GovOrleans.Runtime.Timers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Catalog;

/// <summary>
/// The silo's activations, one per grain id. Dispatch finds or creates the activation and hands it the request;
/// an activation that is already gone makes dispatch try again, which lands on its successor.
/// </summary>
internal sealed partial class Catalog(
    IServiceProvider services,
    GrainTypeResolver resolver,
    TimeProvider time,
    IOptions<GrainCollectionOptions> collectionOptions,
    IEnumerable<IIncomingGrainCallFilter> incomingFilters,
    ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<Catalog>();
    private volatile bool _stopping;
    private IGrainFactory? _grainFactory;

    /// <summary>Set in a clustered silo: activations register in the grain directory before they run.</summary>
    public Cluster.ActivationRegistrar? Registrar { get; } =
        services.GetService<Membership.IMembershipTable>() is null ? null : services.GetRequiredService<Cluster.ActivationRegistrar>();

    public IServiceProvider Services => services;

    public TimeProvider Time => time;

    public GrainCollectionOptions CollectionOptions { get; } = collectionOptions.Value;

    public IIncomingGrainCallFilter[] IncomingFilters { get; } = incomingFilters.ToArray();

    public ILogger SchedulerLogger { get; } = loggerFactory.CreateLogger<ActivationScheduler>();

    public ILogger TimerLogger { get; } = loggerFactory.CreateLogger<GrainTimer>();

    // Resolved lazily: the factory depends on the invoker, which depends on this catalog.
    public IGrainFactory GrainFactory => _grainFactory ??= services.GetRequiredService<IGrainFactory>();

    public int Count => _activations.Count;

    public IEnumerable<ActivationData> Activations => _activations.Values;

    public bool TryGet(GrainId grainId, out ActivationData? activation) => _activations.TryGetValue(grainId, out activation);

    public void Dispatch(GrainId target, ActivationRequest request)
    {
        while (true)
        {
            ActivationData activation;
            bool created;
            try
            {
                activation = GetOrCreate(target, out created);
            }
            catch (Exception ex)
            {
                request.Fail(ex);
                return;
            }

            var received = activation.Receive(request);
            if (created)
            {
                // Started only once the triggering call is queued: if activation fails, that call fails with it instead of
                // racing past the failed activation into a fresh one.
                activation.StartActivation();
            }

            if (received)
            {
                return;
            }
        }
    }

    /// <summary>Refuses new activations at once without deactivating anything: the silo was killed (tests) or fenced.</summary>
    public void Abandon() => _stopping = true;

    public void Remove(ActivationData activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));

    /// <summary>Refuses new activations and deactivates every activation, running OnDeactivateAsync.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping");
        var activations = _activations.Values.ToList();
        foreach (var activation in activations)
        {
            activation.RequestDeactivation(reason);
        }

        await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(cancellationToken);
    }

    private ActivationData GetOrCreate(GrainId grainId, out bool created)
    {
        created = false;
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (Registrar is { } registrar)
        {
            if (_stopping || !registrar.AcceptsActivations)
            {
                // Not run: the caller's router sends the call to another silo.
                throw new Cluster.GrainRedirectException(grainId, null, "the silo takes no new activations", registrar.Self);
            }
        }
        else if (_stopping)
        {
            throw new InvalidOperationException($"The silo is stopping; {GrainIdText.Of(grainId)} cannot be activated here.");
        }

        var fresh = new ActivationData(grainId, resolver.GetClassInfo(grainId.Type), this);
        var winner = _activations.GetOrAdd(grainId, fresh);
        created = ReferenceEquals(winner, fresh);
        return winner;
    }

    internal void LogActivationFailed(GrainId grainId, Exception exception) => LogActivationFailure(_logger, exception, grainId);

    internal void LogDeactivationFailed(GrainId grainId, Exception exception) => LogDeactivationFailure(_logger, exception, grainId);

    internal void LogDeactivated(GrainId grainId, DeactivationReason reason) => LogDeactivation(_logger, grainId, reason.ReasonCode);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Activation of {GrainId} failed; the triggering calls fail and the activation is discarded")]
    private static partial void LogActivationFailure(ILogger logger, Exception exception, Diagnostics.GrainLogId grainId);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "OnDeactivateAsync of {GrainId} threw; deactivation continues")]
    private static partial void LogDeactivationFailure(ILogger logger, Exception exception, Diagnostics.GrainLogId grainId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Deactivated {GrainId}: {Reason}")]
    private static partial void LogDeactivation(ILogger logger, Diagnostics.GrainLogId grainId, DeactivationReasonCode reason);
}
