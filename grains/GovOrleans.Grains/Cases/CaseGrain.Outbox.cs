using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Citizens;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.Grains.Cases.Index;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Grains.Cases;

public sealed partial class CaseGrain
{
    /// <summary>How often a case with undelivered events retries while it stays active.</summary>
    public static readonly TimeSpan OutboxRetryPeriod = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan s_sinkTimeout = TimeSpan.FromSeconds(10);

    private ICaseIndex Index => ServiceProvider.GetRequiredService<ICaseIndex>();

    /// <summary>Appends an event describing the case as it is now; it is stored by the same write as the change.</summary>
    private void Emit(CaseEventType type, DateTimeOffset at, string? detail)
    {
        var c = state.State;
        var e = new CaseEvent(
            Guid.CreateVersion7(at), GetPrimaryKeyString(), type, at, c.CitizenId, c.Department, c.CaseTypeCode, c.Confidentiality, c.Status,
            c.CitizenStatusTitle, c.AssignedTo, c.DueAt, c.DeadlineBreached, c.ClosedAt is not null, c.SubmittedAt, c.Version, detail);
        c.PendingEvents.Add(new PendingCaseEvent { Event = e });
    }

    /// <summary>
    /// Offers the outbox to every consumer in order; a consumer that fails gets none of the later events this round (order
    /// per consumer is kept). Delivered events leave the outbox with a second write; what is left is retried by a timer, by
    /// the next change and on the next activation.
    /// </summary>
    private async Task DispatchPendingAsync()
    {
        var pending = state.State.PendingEvents;
        if (pending.Count == 0)
        {
            StopOutboxTimer();
            return;
        }

        var consumers = Consumers();
        var progressed = false;
        foreach (var (name, deliver) in consumers)
        {
            foreach (var item in pending)
            {
                if (item.DeliveredTo.Contains(name))
                {
                    continue;
                }

                try
                {
                    await deliver(item.Event);
                    item.DeliveredTo.Add(name);
                    progressed = true;
                }
                catch (Exception ex)
                {
                    LogDeliveryFailed(logger, ex, GetPrimaryKeyString(), name, item.Event.Version);
                    break;
                }
            }
        }

        pending.RemoveAll(p => consumers.All(c => p.DeliveredTo.Contains(c.Name)));
        if (progressed)
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception ex)
            {
                // The events were delivered; consumers are idempotent, so a later redelivery is harmless.
                LogOutboxWriteFailed(logger, ex, GetPrimaryKeyString());
            }
        }

        if (pending.Count > 0)
        {
            _outboxTimer ??= RegisterGrainTimer(_ => DispatchPendingAsync(), OutboxRetryPeriod, OutboxRetryPeriod);
        }
        else
        {
            StopOutboxTimer();
        }
    }

    private List<(string Name, Func<CaseEvent, Task> Deliver)> Consumers()
    {
        var consumers = new List<(string, Func<CaseEvent, Task>)>(3 + _sinks.Length)
        {
            ("citizen", e => GrainFactory.GetGrain<ICitizenGrain>(e.CitizenId).OnCaseEventAsync(e)),
            ("department", e => GrainFactory.GetGrain<IDepartmentGrain>(e.Department).OnCaseEventAsync(e)),
            ("index", e => Index.UpsertAsync(e, CancellationToken.None)),
        };
        for (var i = 0; i < _sinks.Length; i++)
        {
            var sink = _sinks[i];
            consumers.Add(($"sink:{i}", e => PublishAsync(sink, e)));
        }

        return consumers;
    }

    private async Task PublishAsync(ICaseEventSink sink, CaseEvent caseEvent)
    {
        using var timeout = new CancellationTokenSource(s_sinkTimeout, time);
        await sink.PublishAsync(caseEvent, timeout.Token);
    }

    private void StopOutboxTimer()
    {
        _outboxTimer?.Dispose();
        _outboxTimer = null;
    }

    [LoggerMessage(EventId = 3430, Level = LogLevel.Warning, Message = "Delivering event version {Version} of case {CaseId} to {Consumer} failed; it stays in the outbox")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string caseId, string consumer, int version);

    [LoggerMessage(EventId = 3431, Level = LogLevel.Warning, Message = "Recording delivered events of case {CaseId} failed; they may be delivered again")]
    private static partial void LogOutboxWriteFailed(ILogger logger, Exception exception, string caseId);
}
