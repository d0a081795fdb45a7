using System.Collections.Concurrent;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Diagnostics;
using GovOrleans.Runtime.Testing;
using GovOrleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Runtime.Tests.Diagnostics;

/// <summary>Keys of [PersonalDataKey] grains appear in runtime logs and exception messages only as per-process pseudonyms.</summary>
public sealed class GrainLogIdTests
{
    [Fact]
    public void ToString_PersonalType_ShowsAStablePseudonymInsteadOfTheKey()
    {
        var type = new GrainType("person-" + Guid.NewGuid().ToString("N")[..8]);
        GrainIdText.MarkPersonal(type);

        var first = new GrainLogId(new GrainId(type, "123456782")).ToString();

        Assert.StartsWith(type.Value + "/~", first, StringComparison.Ordinal);
        Assert.DoesNotContain("123456782", first, StringComparison.Ordinal);
        Assert.Equal(first, new GrainLogId(new GrainId(type, "123456782")).ToString());
        Assert.NotEqual(first, new GrainLogId(new GrainId(type, "123456783")).ToString());
        Assert.Equal("case/C-1", new GrainLogId(new GrainId(new GrainType("case"), "C-1")).ToString());
    }

    [Fact]
    public async Task ActivationFailure_OfAPersonalDataKeyGrain_IsLoggedAndThrownWithoutTheKey()
    {
        var logs = new CapturedLogs();
        await using var cluster = await new InProcessTestClusterBuilder()
            .ConfigureServices(services => services.AddTestGrainServices().AddLogging(logging => logging.AddProvider(logs)))
            .BuildAndStartAsync();
        var key = "999999990-" + Guid.NewGuid().ToString("N");
        cluster.Services.GetRequiredService<FailureBudget>().FailNext(key, 1);

        var exception = await Assert.ThrowsAsync<ActivationFailedException>(() => cluster.GrainFactory.GetGrain<IPersonalFaultyGrain>(key).HelloAsync());

        // The exception travels on (to the gateway's error log): its message carries the pseudonym too.
        Assert.DoesNotContain(key, exception.Message, StringComparison.Ordinal);
        Assert.Contains("/~", exception.Message, StringComparison.Ordinal);

        var failure = Assert.Single(logs.Messages, m => m.Contains("Activation of", StringComparison.Ordinal));
        Assert.Contains("/~", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Messages, m => m.Contains(key, StringComparison.Ordinal));
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Logger(_messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
