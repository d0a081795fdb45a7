using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Membership;
using GovOrleans.Runtime.Messaging;

namespace GovOrleans.Runtime.Cluster;

/// <summary>A request sent to another process, completing the caller's task from the response frame.</summary>
internal sealed class RemoteCall<TResult> : IRemoteCall, IPendingResponse
{
    private readonly TaskCompletionSource<TResult> _completion;
    private readonly MessageCodec _codec;
    private readonly ResponseTimeoutTracker _timeouts;
    private readonly GrainId _target;
    private readonly SiloAddress _silo;
    private readonly string _methodName;
    private Connection? _connection;
    private long _messageId;
    private int _sent;

    public RemoteCall(MessageCodec codec, ResponseTimeoutTracker timeouts, GrainId target, SiloAddress silo, string methodName, bool callerIsGrain)
    {
        _codec = codec;
        _timeouts = timeouts;
        _target = target;
        _silo = silo;
        _methodName = methodName;

        // Responses complete on the connection's reader; a caller outside any grain must not continue on it.
        _completion = new TaskCompletionSource<TResult>(callerIsGrain ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task<TResult> Task => _completion.Task;

    public long DeadlineTimestamp { get; set; }

    public void Attach(Connection connection, long messageId)
    {
        _connection = connection;
        _messageId = messageId;
        _timeouts.Register(this);
    }

    public bool TryMarkSent()
    {
        if (_completion.Task.IsCompleted)
        {
            return false;
        }

        Volatile.Write(ref _sent, 1);
        return true;
    }

    public void OnResponse(ResponseStatus status, ref FrameReader reader)
    {
        _timeouts.Unregister(this);
        switch (status)
        {
            case ResponseStatus.Ok:
                TResult result;
                try
                {
                    result = _codec.DecodeResult<TResult>(reader.Remaining);
                }
                catch (Exception ex)
                {
                    // Any exception: reading runs the result type's own constructors and setters. One escaping would
                    // stop the connection's reader and leave every call on it waiting.
                    _completion.TrySetException(new InvalidOperationException($"The response of {_methodName} could not be read: {ex.Message}", ex));
                    return;
                }

                _completion.TrySetResult(result);
                break;
            case ResponseStatus.Error:
                Exception error;
                try
                {
                    error = _codec.DecodeError(reader.Remaining);
                }
                catch (Exception ex)
                {
                    error = new RemoteGrainException("System.Exception", $"{_methodName} failed remotely; the error could not be read: {ex.Message}");
                }

                _completion.TrySetException(error);
                break;
            default:
                var redirect = reader.ReadString();
                var reason = reader.ReadString();
                SiloAddress? winner = null;
                if (redirect.Length > 0)
                {
                    try
                    {
                        winner = SiloAddress.Parse(redirect);
                    }
                    catch (FormatException)
                    {
                        winner = null;
                    }
                }

                _completion.TrySetException(new GrainRedirectException(_target, winner, reason, _silo));
                break;
        }
    }

    public void OnConnectionLost(string peer)
    {
        if (Volatile.Read(ref _sent) == 0)
        {
            OnNotSent($"the connection to {peer} closed before the request was sent");
            return;
        }

        _timeouts.Unregister(this);
        _completion.TrySetException(new SiloUnavailableException(
            $"Silo {_silo} was lost while {_methodName} on {_target} was in flight; the call may or may not have run.", notExecuted: false));
    }

    public void OnNotSent(string reason)
    {
        _timeouts.Unregister(this);

        // Naming the silo makes the router avoid it for the next attempt: a connection that cannot take the request
        // usually means the silo is leaving, and a fresh connection to it would be refused anyway.
        _completion.TrySetException(new GrainRedirectException(_target, null, reason, _silo));
    }

    public bool TryTimeout(TimeSpan timeout)
    {
        _connection?.ForgetCall(_messageId);
        return _completion.TrySetException(new TimeoutException(
            $"No response from {GrainIdText.Of(_target)} to {_methodName} within {timeout}. The outcome is unknown: the call may not have run, "
            + "may still be queued or running, or may have completed with its response lost."));
    }
}
