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
    private readonly ConcurrentDictionary<SiloAddress, Task<Connection>> _outbound = new();
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private readonly List<Socket> _listeners = [];
    private readonly TransportOptions _options;
    private readonly ClusterMembership _membership;
    private readonly string _clusterId;
    private readonly ILogger<ConnectionManager> _logger;
    private readonly ILogger<Connection> _connectionLogger;
    private readonly CancellationTokenSource _disposing = new();
    private PeerRole _role = PeerRole.Client;
    private string _identity = "client:" + Guid.NewGuid().ToString("N");
    private int _disposed;

    public ConnectionManager(IOptions<TransportOptions> options, ClusterMembership membership, IOptions<SiloOptions> silo, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _membership = membership;
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
        if (_outbound.TryGetValue(silo, out var task) && task.IsCompletedSuccessfully && !task.Result.IsClosed)
        {
            return ValueTask.FromResult(task.Result);
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

    public void OnClosed(Connection connection)
    {
        _connections.TryRemove(connection, out _);
        if (connection.AcceptsRole is null && connection.PeerSilo is { } silo
            && _outbound.TryGetValue(silo, out var task) && task.IsCompletedSuccessfully && ReferenceEquals(task.Result, connection))
        {
            _outbound.TryRemove(new KeyValuePair<SiloAddress, Task<Connection>>(silo, task));
        }
    }

    /// <summary>
    /// Waits until no accepted connection has received a request for <paramref name="quiet"/> and none is still being
    /// answered (at most <paramref name="limit"/>), so that a leaving silo closes its connections only after callers
    /// stopped sending: every request that reached it got an answer (usually "not here, go elsewhere").
    /// </summary>
    public async Task DrainAsync(TimeSpan quiet, TimeSpan limit)
    {
        var deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            var now = Environment.TickCount64;
            if (_connections.Keys.All(c => c.AcceptsRole is null || c.IsClosed
                || (c.IncomingInFlight == 0 && now - c.LastRequestTicks >= quiet.TotalMilliseconds)))
            {
                return;
            }

            await Task.Delay(50).ConfigureAwait(false);
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

    private async Task<Connection> GetSlowAsync(SiloAddress silo)
    {
        for (var attempt = 0; ; attempt++)
        {
            var task = _outbound.GetOrAdd(silo, ConnectAsync);
            try
            {
                var connection = await task.ConfigureAwait(false);
                if (!connection.IsClosed)
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
            connection = new Connection(socket, _options, this, _connectionLogger) { PeerSilo = silo };
            _connections.TryAdd(connection, 0);
            connection.Start(MessageCodec.EncodeHello(_role, _clusterId, _identity));
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

            var connection = new Connection(socket, _options, this, _connectionLogger) { AcceptsRole = accepts };
            _connections.TryAdd(connection, 0);
            connection.Start(MessageCodec.EncodeHello(_role, _clusterId, _identity));
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

    [LoggerMessage(EventId = 2200, Level = LogLevel.Warning, Message = "Refused connection from {Peer}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string peer, string reason);
}
