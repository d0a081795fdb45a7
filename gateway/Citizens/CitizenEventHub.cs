using System.Collections.Immutable;
using System.Threading.Channels;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Citizens;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Citizens;

/// <summary>
/// Fans case events out to the open event streams of the case's citizen. Each stream has a bounded channel that drops its
/// oldest update when full, so a slow client never blocks the publisher.
/// </summary>
internal sealed partial class CitizenEventHub(IOptions<CitizenEventsOptions> options, ILogger<CitizenEventHub> logger)
{
    private readonly Dictionary<string, ImmutableArray<Subscription>> _byCitizen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Open streams, for tests and metrics.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byCitizen.Values.Sum(s => s.Length);
            }
        }
    }

    /// <summary>Opens a stream for <paramref name="citizenId"/>; null when the citizen has too many open.</summary>
    public Subscription? TrySubscribe(string citizenId)
    {
        var subscription = new Subscription(this, citizenId, options.Value.ChannelCapacity);
        lock (_lock)
        {
            var current = _byCitizen.GetValueOrDefault(citizenId, []);
            if (current.Length >= options.Value.MaxStreamsPerCitizen)
            {
                return null;
            }

            _byCitizen[citizenId] = current.Add(subscription);
        }

        LogOpened(logger);
        return subscription;
    }

    /// <summary>Delivers <paramref name="caseEvent"/> to its citizen's streams; never blocks.</summary>
    public void Publish(CaseEvent caseEvent)
    {
        ImmutableArray<Subscription> targets;
        lock (_lock)
        {
            if (!_byCitizen.TryGetValue(caseEvent.CitizenId, out targets))
            {
                return;
            }
        }

        var update = CitizenCaseUpdate.From(caseEvent);
        foreach (var target in targets)
        {
            target.Writer.TryWrite(update);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            if (_byCitizen.TryGetValue(subscription.CitizenId, out var current))
            {
                var remaining = current.Remove(subscription);
                if (remaining.IsEmpty)
                {
                    _byCitizen.Remove(subscription.CitizenId);
                }
                else
                {
                    _byCitizen[subscription.CitizenId] = remaining;
                }
            }
        }

        LogClosed(logger);
    }

    // Citizen ids are token subjects, which may be national identifiers: they stay out of logs (the audit trail has them).
    [LoggerMessage(EventId = 2200, Level = LogLevel.Debug, Message = "Citizen event stream opened")]
    private static partial void LogOpened(ILogger logger);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "Citizen event stream closed")]
    private static partial void LogClosed(ILogger logger);

    /// <summary>One open stream.</summary>
    internal sealed class Subscription : IDisposable
    {
        private readonly CitizenEventHub _hub;
        private readonly Channel<CitizenCaseUpdate> _channel;
        private int _disposed;

        public Subscription(CitizenEventHub hub, string citizenId, int capacity)
        {
            _hub = hub;
            CitizenId = citizenId;
            _channel = Channel.CreateBounded<CitizenCaseUpdate>(new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            });
        }

        public string CitizenId { get; }

        public ChannelReader<CitizenCaseUpdate> Reader => _channel.Reader;

        internal ChannelWriter<CitizenCaseUpdate> Writer => _channel.Writer;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _channel.Writer.TryComplete();
                _hub.Remove(this);
            }
        }
    }
}
