using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Catalog;

/// <summary>Deactivates activations that have been idle longer than their collection age, once per quantum.</summary>
internal sealed partial class ActivationCollector(
    Catalog catalog,
    TimeProvider time,
    IOptions<GrainCollectionOptions> options,
    ILogger<ActivationCollector> logger) : IDisposable
{
    private ITimer? _timer;

    /// <summary>The most recent pass: the deactivations it started. Tests await it after advancing a fake clock.</summary>
    public Task LastPass { get; private set; } = Task.CompletedTask;

    public void Start()
    {
        var quantum = options.Value.CollectionQuantum;
        using (ExecutionContext.SuppressFlow())
        {
            _timer = time.CreateTimer(static s => ((ActivationCollector)s!).Collect(), this, quantum, quantum);
        }
    }

    public void Dispose() => _timer?.Dispose();

    public Task Collect()
    {
        var now = time.GetUtcNow();
        var collected = new List<Task>();
        foreach (var activation in catalog.Activations)
        {
            if (activation.TryCollect(now, CollectionAgeOf(activation.ClassInfo)))
            {
                collected.Add(activation.Deactivated);
            }
        }

        if (collected.Count > 0)
        {
            LogCollected(logger, collected.Count);
        }

        return LastPass = Task.WhenAll(collected);
    }

    private TimeSpan CollectionAgeOf(GrainClassInfo classInfo) =>
        options.Value.ClassSpecificCollectionAge.TryGetValue(classInfo.GrainType.Value, out var configured)
            ? configured
            : classInfo.CollectionAge ?? options.Value.CollectionAge;

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Collecting {Count} idle activations")]
    private static partial void LogCollected(ILogger logger, int count);
}
