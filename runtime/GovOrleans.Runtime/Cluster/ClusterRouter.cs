using System.Diagnostics;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Caching;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Membership;
using GovOrleans.Runtime.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Cluster;

/// <summary>
/// Sends each call to the silo that hosts (or should host) its grain: a local activation, else the last known
/// location, else the grain's owner on the hash ring of active silos. A call is sent again elsewhere only when it
/// provably did not run (the silo answered "not here" or the request never left this process); a call lost after it
/// was sent fails with <see cref="SiloUnavailableException"/> (outcome unknown) and is never repeated silently.
/// </summary>
internal sealed partial class ClusterRouter
{
    private const int MaxAttempts = 8;
    private static long s_nextMessageId;
    private readonly ClockCache<GrainId, SiloAddress> _locations;
    private readonly ClusterMembership _membership;
    private readonly ConnectionManager _connections;
    private readonly MessageCodec _codec;
    private readonly ResponseTimeoutTracker _timeouts;
    private readonly TransportOptions _transport;
    private readonly ILogger<ClusterRouter> _logger;
    private readonly Lazy<Catalog.Catalog?> _catalog;

    public ClusterRouter(
        ClusterMembership membership,
        ConnectionManager connections,
        MessageCodec codec,
        ResponseTimeoutTracker timeouts,
        IOptions<TransportOptions> transport,
        IServiceProvider services,
        ILogger<ClusterRouter> logger)
    {
        _membership = membership;
        _connections = connections;
        _codec = codec;
        _timeouts = timeouts;
        _transport = transport.Value;
        _locations = new ClockCache<GrainId, SiloAddress>(_transport.MaxCachedLocations);
        _logger = logger;

        // Lazy: the catalog is built after the invoker that owns this router; a client has none.
        _catalog = new Lazy<Catalog.Catalog?>(services.GetService<Catalog.Catalog>);
        membership.ViewChanged += OnViewChanged;
    }

    public int CachedLocations => _locations.Count;

    public Task<TResult> RouteAsync<TResult>(
        GrainCallInvoker invoker, GrainId target, GrainMethod<TResult> method, object?[] arguments,
        IReadOnlyDictionary<string, object?>? items, CallChain? chain, bool callerIsGrain, ActivityContext parent)
    {
        Task<TResult> first;
        try
        {
            first = SendOnce(invoker, target, method, arguments, items, chain, callerIsGrain, parent);
        }
        catch (Exception ex)
        {
            return Task.FromException<TResult>(ex);
        }

        if (first.IsCompletedSuccessfully)
        {
            return first;
        }

        return RetryAsync(first, invoker, target, method, arguments, items, chain, callerIsGrain, parent);
    }

    /// <summary>Remembers where a grain was found (a redirect from the silo that refused it).</summary>
    public void Learn(GrainRedirectException redirect)
    {
        if (redirect.Silo is { } silo && silo != redirect.From && !_membership.IsSuspected(silo))
        {
            _locations.Set(redirect.GrainId, silo);
            return;
        }

        _locations.Remove(redirect.GrainId);

        // A silo that names another home did its job; only a silo that could not serve at all is avoided.
        if (redirect.Silo is null && redirect.From is { } from)
        {
            _membership.Suspect(from);
        }
    }

    private SiloAddress Choose(GrainId target)
    {
        var self = _membership.Self;
        if (self is { } me && _membership.CanServe && _catalog.Value is { } catalog && catalog.TryGet(target, out _))
        {
            return me;
        }

        var view = _membership.View;
        if (_locations.TryGet(target, out var known))
        {
            var usable = known == self
                ? _membership.CanServe
                : !_membership.IsSuspected(known) && view.StatusOf(known) is SiloStatus.Active or SiloStatus.ShuttingDown or SiloStatus.None;
            if (usable)
            {
                return known;
            }

            _locations.Remove(target);
        }

        var ring = self is null ? view.GatewayRing : view.Ring;
        return ring.Owner(target.GetUniformHashCode(), s => s == self ? !_membership.AcceptsActivations : _membership.IsSuspected(s))
            ?? throw new SiloUnavailableException($"No active silo can serve {GrainIdText.Of(target)} (view {view.Version}).", notExecuted: true);
    }

    private Task<TResult> SendOnce<TResult>(
        GrainCallInvoker invoker, GrainId target, GrainMethod<TResult> method, object?[] arguments,
        IReadOnlyDictionary<string, object?>? items, CallChain? chain, bool callerIsGrain, ActivityContext parent)
    {
        var silo = Choose(target);
        if (silo == _membership.Self)
        {
            return invoker.DispatchLocal(target, method, arguments, items, chain, callerIsGrain, parent);
        }

        var messageId = Interlocked.Increment(ref s_nextMessageId);
        var frame = _codec.EncodeRequest(messageId, target, method, arguments, items, chain, parent);
        if (frame.WrittenCount > _transport.MaxFrameSize)
        {
            var size = frame.WrittenCount;
            frame.Dispose();
            throw new ArgumentException($"The call {method.Name} to {GrainIdText.Of(target)} is {size} bytes; the limit (Silo:Transport:MaxFrameSize) is {_transport.MaxFrameSize}.");
        }

        var call = new RemoteCall<TResult>(_codec, _timeouts, target, silo, method.Name, callerIsGrain);
        var connecting = _connections.GetAsync(silo);
        if (connecting.IsCompletedSuccessfully)
        {
            Send(connecting.Result, frame, call, messageId);
            return call.Task;
        }

        return SendWhenConnectedAsync(connecting, silo, target, frame, call, messageId);
    }

    private async Task<TResult> SendWhenConnectedAsync<TResult>(
        ValueTask<Connection> connecting, SiloAddress silo, GrainId target, PooledBufferWriter frame, RemoteCall<TResult> call, long messageId)
    {
        Connection connection;
        try
        {
            connection = await connecting.ConfigureAwait(false);
        }
        catch (SiloUnavailableException ex)
        {
            frame.Dispose();
            throw new GrainRedirectException(target, null, ex.Message, silo);
        }

        Send(connection, frame, call, messageId);
        return await call.Task.ConfigureAwait(false);
    }

    private static void Send<TResult>(Connection connection, PooledBufferWriter frame, RemoteCall<TResult> call, long messageId)
    {
        call.Attach(connection, messageId);
        var queued = connection.SendAsync(frame, call, messageId);
        if (!queued.IsCompleted)
        {
            // Backpressure: the frame waits for room in the connection's queue; the call's task reports the outcome.
            _ = queued.AsTask();
        }
    }

    private async Task<TResult> RetryAsync<TResult>(
        Task<TResult> task, GrainCallInvoker invoker, GrainId target, GrainMethod<TResult> method, object?[] arguments,
        IReadOnlyDictionary<string, object?>? items, CallChain? chain, bool callerIsGrain, ActivityContext parent)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await task.ConfigureAwait(false);
            }
            catch (GrainRedirectException redirect)
            {
                if (attempt >= MaxAttempts)
                {
                    throw new SiloUnavailableException(
                        $"{method.Name} on {target} found no silo to run it after {attempt} attempts ({redirect.Reason}); it did not run.", notExecuted: true);
                }

                LogRedirected(_logger, target, redirect.Reason, attempt);
                Learn(redirect);
                if (attempt >= 2)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(40 * attempt, 400))).ConfigureAwait(false);
                }
            }

            try
            {
                task = SendOnce(invoker, target, method, arguments, items, chain, callerIsGrain, parent);
            }
            catch (SiloUnavailableException) when (attempt < MaxAttempts - 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
                task = Task.FromException<TResult>(new GrainRedirectException(target, null, "no silo available"));
            }
        }
    }

    private void OnViewChanged(ClusterView view) =>
        _locations.RemoveWhere(static (silo, v) => v.StatusOf(silo) == SiloStatus.Dead, view);

    [LoggerMessage(EventId = 2300, Level = LogLevel.Debug, Message = "Call to {GrainId} re-routed ({Reason}), attempt {Attempt}")]
    private static partial void LogRedirected(ILogger logger, Diagnostics.GrainLogId grainId, string reason, int attempt);
}
