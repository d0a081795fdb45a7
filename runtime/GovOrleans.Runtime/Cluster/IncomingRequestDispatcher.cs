using System.Text.Json;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Cluster;

/// <summary>Serves requests from other silos and clients through the local catalog and answers on the same connection.</summary>
internal sealed partial class IncomingRequestDispatcher(
    GrainCallInvoker invoker,
    MessageCodec codec,
    ClusterMembership membership,
    IOptions<TransportOptions> transport,
    ILogger<IncomingRequestDispatcher> logger) : IIncomingRequestHandler
{
    private readonly int _maxFrameSize = transport.Value.MaxFrameSize;

    public void OnRequest(Connection connection, long messageId, ref FrameReader reader)
    {
        var (methodId, target) = codec.DecodeRequestHeader(ref reader);
        if (!membership.CanServe)
        {
            Respond(connection, MessageCodec.EncodeNotExecuted(messageId, null, "the silo is not serving"));
            return;
        }

        var method = codec.FindMethod(methodId);
        if (method is null)
        {
            Respond(connection, EncodeError(messageId, new NotSupportedException($"This silo hosts no grain method with wire id {methodId}.")));
            return;
        }

        IncomingRequest request;
        try
        {
            request = codec.DecodeRequestBody(messageId, target, method, reader.Remaining);
        }
        catch (Exception ex)
        {
            // Not only JsonException: reading runs the argument types' own constructors and setters, which may throw
            // anything, and an exception escaping here would stop this connection's reader without closing it.
            LogUnreadableRequest(logger, method.Name, connection.Peer, ex.Message);
            Respond(connection, EncodeError(messageId, new ArgumentException($"The request for {method.Name} could not be read: {ex.Message}")));
            return;
        }

        Task task;
        try
        {
            task = method.ServeRemote(invoker, request);
        }
        catch (Exception ex)
        {
            task = Task.FromException(ex);
        }

        if (task.IsCompleted)
        {
            Complete(connection, messageId, method, task);
        }
        else
        {
            var pending = new PendingResponse(this, connection, messageId, method, task);
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(pending.OnCompleted);
        }
    }

    private void Complete(Connection connection, long messageId, GrainMethod method, Task task)
    {
        PooledBufferWriter frame;
        if (task.IsCompletedSuccessfully)
        {
            try
            {
                frame = codec.EncodeResult(messageId, method.ResultOf(task), method.ResultType);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
            {
                frame = EncodeError(messageId, new NotSupportedException($"The result of {method.Name} could not be serialized: {ex.Message}"));
            }
        }
        else
        {
            var exception = task.Exception?.InnerException ?? new TaskCanceledException(task);
            frame = exception is GrainRedirectException redirect
                ? MessageCodec.EncodeNotExecuted(messageId, redirect.Silo?.ToString(), redirect.Reason)
                : EncodeError(messageId, exception);
        }

        if (frame.WrittenCount > _maxFrameSize)
        {
            frame.Dispose();
            frame = EncodeError(messageId, new InvalidOperationException($"The response of {method.Name} exceeds Silo:Transport:MaxFrameSize."));
        }

        Respond(connection, frame);
    }

    private PooledBufferWriter EncodeError(long messageId, Exception exception)
    {
        try
        {
            return codec.EncodeError(messageId, exception);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return codec.EncodeError(messageId, new RemoteGrainException(exception.GetType().FullName ?? "System.Exception", exception.Message));
        }
    }

    private static void Respond(Connection connection, PooledBufferWriter frame)
    {
        var queued = connection.SendAsync(frame, null, 0);
        if (!queued.IsCompleted)
        {
            _ = queued.AsTask();
        }

        connection.ReleaseIncomingSlot();
    }

    [LoggerMessage(EventId = 2400, Level = LogLevel.Warning, Message = "A request for {Method} from {Peer} could not be read: {Error}")]
    private static partial void LogUnreadableRequest(ILogger logger, string method, string peer, string error);

    private sealed class PendingResponse(IncomingRequestDispatcher owner, Connection connection, long messageId, GrainMethod method, Task task)
    {
        public void OnCompleted() => owner.Complete(connection, messageId, method, task);
    }
}
