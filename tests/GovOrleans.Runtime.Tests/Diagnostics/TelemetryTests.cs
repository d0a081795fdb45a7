using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Diagnostics;
using GovOrleans.Runtime.Tests.Grains;

namespace GovOrleans.Runtime.Tests.Diagnostics;

[Collection(ClusterCollection.Name)]
public sealed class TelemetryTests(SharedClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.GrainFactory;

    [Fact]
    public async Task GrainCalls_AreCountedTimedAndFailuresRecorded_ByGrainTypeAndMethod()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntimeTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.Start();

        var grain = _grains.GetGrain<IEchoGrain>(Random.Shared.NextInt64(1, long.MaxValue));
        await grain.AddAsync(1, 1);
        await grain.AddAsync(1, 2);
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.FailAsync("x"));

        bool Is(Dictionary<string, object?> tags, string method) =>
            (string?)tags.GetValueOrDefault("grain.type") == "echo" && (string?)tags.GetValueOrDefault("method") == method;
        Assert.True(measurements.Count(m => m.Instrument == "govorleans.grain.calls" && Is(m.Tags, "IEchoGrain.AddAsync")) >= 2);
        Assert.Contains(measurements, m => m.Instrument == "govorleans.grain.call.duration" && Is(m.Tags, "IEchoGrain.AddAsync") && m.Value >= 0);
        Assert.Contains(measurements, m => m.Instrument == "govorleans.grain.call.failures" && Is(m.Tags, "IEchoGrain.FailAsync"));
        Assert.Contains(measurements, m => m.Instrument == "govorleans.activations" && (string?)m.Tags.GetValueOrDefault("grain.type") == "echo");
    }

    [Fact]
    public void MailboxLength_IsPublishedAsAnObservableGauge()
    {
        long? observed = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntimeTelemetry.MeterName && instrument.Name == "govorleans.mailbox.length")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, v, _, _) => observed = v);
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.NotNull(observed);
        Assert.True(observed >= 0);
    }

    [Fact]
    public async Task Tracing_GrainCallSpans_JoinTheCallersTrace_AndNestUnderEachOther()
    {
        using var testSource = new ActivitySource("GovOrleans.Runtime.Tests");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is RuntimeTelemetry.ActivitySourceName or "GovOrleans.Runtime.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var outerKey = Random.Shared.NextInt64(1, long.MaxValue);
        var innerKey = Random.Shared.NextInt64(1, long.MaxValue);

        string? traceId;
        string parentTrace;
        using (var parent = testSource.StartActivity("http request"))
        {
            parentTrace = parent!.TraceId.ToString();
            traceId = await _grains.GetGrain<IEchoGrain>(outerKey).TraceIdAsync(innerKey);
        }

        Assert.Equal(parentTrace, traceId);
        var outer = Assert.Single(stopped, a => a.GetTagItem("govorleans.grain_id") as string == $"echo/{outerKey:X}");
        var inner = Assert.Single(stopped, a => a.GetTagItem("govorleans.grain_id") as string == $"echo/{innerKey:X}");
        Assert.Equal("IEchoGrain.TraceIdAsync", outer.OperationName);
        Assert.Equal(outer.SpanId, inner.ParentSpanId);
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
