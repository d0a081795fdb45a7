using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Cluster;
using GovOrleans.Runtime.Hosting;
using GovOrleans.Runtime.Membership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Messaging;

/// <summary>
/// Opens, accepts and tracks this process's connections: one outbound connection per peer silo (to its silo port, or
/// to its gateway port when this process is a client), and the connections accepted on this silo's ports. A hello in
/// each direction names the cluster and the peer; a peer from another cluster, or a silo incarnation the membership
/// table says is dead, is refused.
/// </summary>
internal sealed partial class ConnectionManager : IConnectionHandler, IAsyncDisposable
{
    private const string LeavingReason = "the silo is shutting down";
    private readonly ConcurrentDictionary<SiloAddress, Task<Connection>> _outbound = new();
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private readonly List<Socket> _listeners = [];
    private readonly TransportOptions _options;
    private readonly ClusterMembership _membership;
    private readonly string _clusterId;
    private readonly ILogger<ConnectionManager> _logger;
    private readonly ILogger<Connection> _connectionLogger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _disposing = new();
    private PeerRole _role = PeerRole.Client;
    private string _identity = "client:" + Guid.NewGuid().ToString("N");
    private int _disposed;
    private int _leaving;

    public ConnectionManager(
        IOptions<TransportOptions> options, ClusterMembership membership, IOptions<SiloOptions> silo, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _membership = membership;
        _time = time;
        _clusterId = silo.Value.ClusterId;
        _logger = loggerFactory.CreateLogger<ConnectionManager>();
        _connectionLogger = loggerFactory.CreateLogger<Connection>();
        membership.ViewChanged += OnViewChanged;
    }

    public IIncomingRequestHandler? RequestHandler { get; set; }

    public int ConnectionCount => _connections.Count;

    /// <summary>Makes this process a silo with the given address (the default is a client).</summary>
    public void UseSiloIdentity(SiloAddress self)
    {
        _role = PeerRole.Silo;
        _identity = self.ToString();
    }

    /// <summary>Starts accepting connections of one role; returns the bound endpoint (port 0 picks a free port).</summary>
    public IPEndPoint Listen(IPEndPoint endpoint, PeerRole accepts)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        lock (_listeners)
        {
            _listeners.Add(socket);
        }

        _ = Task.Run(() => AcceptLoopAsync(socket, accepts));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>Stops accepting new connections; open ones stay.</summary>
    public void StopListening()
    {
        lock (_listeners)
        {
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }

            _listeners.Clear();
        }
    }

    public ValueTask<Connection> GetAsync(SiloAddress silo)
    {
        if (_outbound.TryGetValue(silo, out var task) && task.IsCompletedSuccessfully && task.Result.CanTakeRequests)
        {
            return ValueTask.FromResult(task.Result);
        }

        if (Volatile.Read(ref _leaving) != 0)
        {
            // A silo that said GoAway opens nothing new: its connections are meant to end.
            return ValueTask.FromException<Connection>(new SiloUnavailableException(
                $"This silo is leaving the cluster and opens no new connection to {silo}.", notExecuted: true));
        }

        return new ValueTask<Connection>(GetSlowAsync(silo));
    }

    public bool OnHello(Connection connection, PeerRole role, string clusterId, string identity)
    {
        if (!string.Equals(clusterId, _clusterId, StringComparison.Ordinal))
        {
            LogRefused(_logger, connection.Peer, "it belongs to another cluster");
            return false;
        }

        if (connection.AcceptsRole is { } accepts && role != accepts)
        {
            LogRefused(_logger, connection.Peer, $"this port takes {accepts} connections, not {role}");
            return false;
        }

        if (role == PeerRole.Silo)
        {
            SiloAddress address;
            try
            {
                address = SiloAddress.Parse(identity);
            }
            catch (FormatException)
            {
                return false;
            }

            if (_membership.View.StatusOf(address) == SiloStatus.Dead)
            {
                LogRefused(_logger, connection.Peer, $"silo {address} was declared dead");
                return false;
            }

            connection.PeerSilo = address;
        }

        return true;
    }

    public void OnRequest(Connection connection, long messageId, ref FrameReader reader)
    {
        if (RequestHandler is not { } handler || connection.AcceptsRole is null)
        {
            throw new MalformedFrameException("This endpoint serves no requests.");
        }

        handler.OnRequest(connection, messageId, ref reader);
    }

    public void OnGoAway(Connection connection, string reason)
    {
        // The next call to that silo opens a new connection (refused if the silo stopped listening, which sends the
        // call elsewhere); the old one stays until the answers to the requests already written on it have arrived.
        ForgetOutbound(connection);
    }

    public void OnClosed(Connection connection)
    {
        _connections.TryRemove(connection, out _);
        ForgetOutbound(connection);
    }

    /// <summary>
    /// The graceful end of a leaving silo's connections: stops accepting, sends GoAway on every connection, and waits
    /// until all of them have closed (at most <paramref name="limit"/>). Each side that writes requests on a connection
    /// stops when it reads (or sends) the GoAway and closes once every request it wrote there has been answered, and
    /// the other side keeps answering meanwhile, so no call is cut off mid-flight. The limit only bounds a peer that
    /// never closes; what is still open then is closed here.
    /// </summary>
    public async Task GoAwayAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _leaving, 1);
        StopListening();
        var started = _time.GetTimestamp();
        var told = _connections.Keys.ToArray();
        LogGoingAway(_logger, told.Length);
        try
        {
            await Task.WhenAll(told.Select(c => c.GoAwayAsync(LeavingReason))).WaitAsync(limit, _time, cancellationToken).ConfigureAwait(false);

            // A loop, because a connection accepted or opened while the GoAways went out joins the set (see Track).
            while (_connections.Keys is { Count: > 0 } open)
            {
                var remaining = limit - _time.GetElapsedTime(started);
                await Task.WhenAll(open.Select(c => c.Closed)).WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time, cancellationToken)
                    .ConfigureAwait(false);
            }

            LogAllClosed(_logger, (long)_time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (TimeoutException)
        {
            var open = _connections.Keys.ToArray();
            LogDrainLimitPassed(_logger, open.Length, limit);
            foreach (var connection in open)
            {
                connection.Close("the drain limit passed");
            }
        }
    }

    /// <summary>Closes every connection to and from <paramref name="silo"/>.</summary>
    public void CloseTo(SiloAddress silo, string reason)
    {
        foreach (var connection in _connections.Keys)
        {
            if (connection.PeerSilo == silo)
            {
                connection.Close(reason);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _membership.ViewChanged -= OnViewChanged;
        await _disposing.CancelAsync().ConfigureAwait(false);
        StopListening();
        foreach (var connection in _connections.Keys)
        {
            connection.Close("shutting down");
        }
    }

    private void OnViewChanged(ClusterView view)
    {
        foreach (var connection in _connections.Keys)
        {
            if (connection.PeerSilo is { } silo && view.StatusOf(silo) == SiloStatus.Dead)
            {
                connection.Close($"silo {silo} was declared dead");
            }
        }
    }

    private void ForgetOutbound(Connection connection)
    {
        if (connection.AcceptsRole is null && connection.PeerSilo is { } silo
            && _outbound.TryGetValue(silo, out var task) && task.IsCompletedSuccessfully && ReferenceEquals(task.Result, connection))
        {
            _outbound.TryRemove(new KeyValuePair<SiloAddress, Task<Connection>>(silo, task));
        }
    }

    private async Task<Connection> GetSlowAsync(SiloAddress silo)
    {
        for (var attempt = 0; ; attempt++)
        {
            var task = _outbound.GetOrAdd(silo, ConnectAsync);
            try
            {
                var connection = await task.ConfigureAwait(false);
                if (connection.CanTakeRequests)
                {
                    return connection;
                }
            }
            catch (Exception ex)
            {
                _outbound.TryRemove(new KeyValuePair<SiloAddress, Task<Connection>>(silo, task));
                throw ex as SiloUnavailableException
                    ?? new SiloUnavailableException($"Could not connect to silo {silo}: {ex.Message}", notExecuted: true);
            }

            _outbound.TryRemove(new KeyValuePair<SiloAddress, Task<Connection>>(silo, task));
            if (attempt > 0)
            {
                throw new SiloUnavailableException($"The connection to silo {silo} keeps closing.", notExecuted: true);
            }
        }
    }

    private async Task<Connection> ConnectAsync(SiloAddress silo)
    {
        var port = silo.Port;
        if (_role == PeerRole.Client)
        {
            port = _membership.View.Get(silo)?.GatewayPort ?? 0;
            if (port <= 0)
            {
                throw new SiloUnavailableException($"Silo {silo} is not a gateway.", notExecuted: true);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        Connection? connection = null;
        try
        {
            await socket.ConnectAsync(silo.Host, port, timeout.Token).ConfigureAwait(false);
            connection = Track(new Connection(socket, MessageCodec.EncodeHello(_role, _clusterId, _identity), _options, this, _connectionLogger) { PeerSilo = silo });
            var (_, identity) = await connection.HelloReceived.WaitAsync(timeout.Token).ConfigureAwait(false);
            if (!string.Equals(identity, silo.ToString(), StringComparison.Ordinal))
            {
                // Another incarnation answers on that endpoint: the one we wanted is gone.
                connection.Close($"expected {silo} but {identity} answered");
                throw new SiloUnavailableException($"Silo {silo} is gone; {identity} listens on its endpoint.", notExecuted: true);
            }

            return connection;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            connection?.Close("connect failed");
            socket.Dispose();
            throw new SiloUnavailableException($"Could not connect to silo {silo}: {ex.Message}", notExecuted: true);
        }
    }

    private async Task AcceptLoopAsync(Socket listener, PeerRole accepts)
    {
        while (!_disposing.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_disposing.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var connection = Track(new Connection(socket, MessageCodec.EncodeHello(_role, _clusterId, _identity), _options, this, _connectionLogger) { AcceptsRole = accepts });
            _ = CloseUnlessHelloAsync(connection);
        }
    }

    private async Task CloseUnlessHelloAsync(Connection connection)
    {
        try
        {
            await connection.HelloReceived.WaitAsync(_options.ConnectTimeout, _disposing.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            connection.Close("no hello in time");
        }
    }

    private Connection Track(Connection connection)
    {
        _connections.TryAdd(connection, 0);
        connection.Start();

        // Paired with GoAwayAsync, which sets the flag and then lists the connections: a connection added while the
        // silo starts leaving is seen by one of the two (maybe both; a second GoAway is harmless).
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _leaving) != 0)
        {
            _ = connection.GoAwayAsync(LeavingReason);
        }

        return connection;
    }

    [LoggerMessage(EventId = 2200, Level = LogLevel.Warning, Message = "Refused connection from {Peer}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Going away: sent GoAway on {ConnectionCount} connections")]
    private static partial void LogGoingAway(ILogger logger, int connectionCount);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Every connection closed {ElapsedMs} ms after GoAway")]
    private static partial void LogAllClosed(ILogger logger, long elapsedMs);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "{ConnectionCount} connections were still open {Limit} after GoAway; closing them (calls in flight on them end with an unknown outcome)")]
    private static partial void LogDrainLimitPassed(ILogger logger, int connectionCount, TimeSpan limit);
}
