using System.Text;
using System.Text.Json.Nodes;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Messaging;

namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>Inner exceptions (and all of an aggregate's) cross the wire, within bounds on depth, count and size.</summary>
public sealed class ExceptionChainTests
{
    private readonly MessageCodec _codec = new(null);

    [Fact]
    public void Error_InnerExceptionOfAKnownType_RoundTrips()
    {
        var error = Assert.IsType<InvalidOperationException>(RoundTrip(new InvalidOperationException("outer", new ArgumentException("inner"))));

        Assert.Equal("outer", error.Message);
        var inner = Assert.IsType<ArgumentException>(error.InnerException);
        Assert.Equal("inner", inner.Message);
        Assert.Null(inner.InnerException);
    }

    [Fact]
    public void Error_UnknownTypesInTheChain_BecomeRemoteGrainExceptions_ThatKeepTheirInnerExceptions()
    {
        var json = Node("Vendor.OuterException, Vendor", "outer", Node(WireTypes.NameOf(typeof(ArgumentException)), "middle (Parameter 'p')",
            Node("Vendor.RootException, Vendor", "root", null), new JsonObject { ["ParamName"] = "p" }));

        var outer = Assert.IsType<RemoteGrainException>(Decode(json));

        Assert.Equal(("Vendor.OuterException", "outer"), (outer.ExceptionType, outer.Message));
        var middle = Assert.IsType<ArgumentException>(outer.InnerException);
        Assert.Equal(("p", "middle (Parameter 'p')"), (middle.ParamName, middle.Message));
        var root = Assert.IsType<RemoteGrainException>(middle.InnerException);
        Assert.Equal(("Vendor.RootException", "root"), (root.ExceptionType, root.Message));
    }

    [Fact]
    public void Error_RemoteGrainExceptionWithInner_RoundTrips()
    {
        var error = Assert.IsType<RemoteGrainException>(RoundTrip(new RemoteGrainException("Vendor.X", "vendor down", new TimeoutException("slow"))));

        Assert.Equal(("Vendor.X", "vendor down"), (error.ExceptionType, error.Message));
        Assert.Equal("slow", Assert.IsType<TimeoutException>(error.InnerException).Message);
    }

    [Fact]
    public void Error_AggregateException_KeepsEveryInnerExceptionAndItsMessage()
    {
        var sent = new AggregateException(
            "batch failed", new InvalidOperationException("first"), new ArgumentException("second", "field"), new RemoteGrainException("Vendor.Y", "third"));

        var error = Assert.IsType<AggregateException>(RoundTrip(sent));

        Assert.Equal(sent.Message, error.Message);
        Assert.Equal(3, error.InnerExceptions.Count);
        Assert.Equal("first", Assert.IsType<InvalidOperationException>(error.InnerExceptions[0]).Message);
        Assert.Equal("field", Assert.IsType<ArgumentException>(error.InnerExceptions[1]).ParamName);
        Assert.Equal("Vendor.Y", Assert.IsType<RemoteGrainException>(error.InnerExceptions[2]).ExceptionType);
        Assert.Same(error.InnerExceptions[0], error.InnerException);

        var defaultMessage = new AggregateException(new TimeoutException("a"), new TimeoutException("b"));
        var nested = Assert.IsType<InvalidOperationException>(RoundTrip(new InvalidOperationException("wrapper", defaultMessage)));
        var aggregate = Assert.IsType<AggregateException>(nested.InnerException);
        Assert.Equal(defaultMessage.Message, aggregate.Message);
        Assert.Equal(["a", "b"], aggregate.InnerExceptions.Select(e => e.Message));
    }

    [Fact]
    public void Error_LongChain_IsCutAtMaxDepth()
    {
        Exception chain = new InvalidOperationException("level 10");
        for (var level = 9; level >= 0; level--)
        {
            chain = new InvalidOperationException($"level {level}", chain);
        }

        var levels = Chain(RoundTrip(chain)).ToList();

        Assert.Equal(ExceptionCodec.MaxDepth + 1, levels.Count);
        Assert.Equal(Enumerable.Range(0, ExceptionCodec.MaxDepth + 1).Select(l => $"level {l}"), levels.Select(e => e.Message));
    }

    [Fact]
    public void Error_ManyOrLargeInnerExceptions_AreBounded()
    {
        var many = new AggregateException("many", Enumerable.Range(0, 500).Select(i => new InvalidOperationException($"failure {i}")));
        var received = Assert.IsType<AggregateException>(RoundTrip(many, out var manySize));
        Assert.Equal(ExceptionCodec.MaxNodes - 1, received.InnerExceptions.Count);
        Assert.True(manySize < ExceptionCodec.MaxInnerBytes, $"{manySize} bytes for 500 aggregated exceptions");

        var huge = new string('x', 1_000_000);
        var large = new InvalidOperationException(huge, new ArgumentException(huge, new ArgumentException(huge, new ArgumentException(huge))));
        var outer = Assert.IsType<InvalidOperationException>(RoundTrip(large, out var largeSize));
        Assert.Equal(huge, outer.Message);
        var inner = Assert.IsType<ArgumentException>(outer.InnerException);
        Assert.Equal(ExceptionCodec.MaxInnerMessageLength, inner.Message.Length);
        Assert.True(largeSize < huge.Length + ExceptionCodec.MaxInnerBytes + (2 * ExceptionCodec.MaxInnerMessageLength), $"{largeSize} bytes");
    }

    [Fact]
    public void Error_HostileNestingFromAPeer_IsReadOnlyToTheLimits()
    {
        var deep = Node("System.Exception, System.Private.CoreLib", "level 40", null);
        for (var level = 39; level >= 0; level--)
        {
            deep = Node(WireTypes.NameOf(typeof(InvalidOperationException)), $"level {level}", deep);
        }

        Assert.Equal(ExceptionCodec.MaxDepth + 1, Chain(Decode(deep)).Count());

        var wide = Node(WireTypes.NameOf(typeof(AggregateException)), "wide", null);
        wide["inners"] = new JsonArray(Enumerable.Range(0, 10_000).Select(i => (JsonNode)Node("Nowhere.X, Nowhere", $"{i}", null)).ToArray());
        var aggregate = Assert.IsType<AggregateException>(Decode(wide));
        Assert.Equal(ExceptionCodec.MaxNodes - 1, aggregate.InnerExceptions.Count);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static JsonObject Node(string type, string message, JsonObject? inner, JsonObject? props = null)
    {
        var node = new JsonObject { ["type"] = type, ["message"] = message, ["props"] = props ?? new JsonObject() };
        if (inner is not null)
        {
            node["inner"] = inner;
        }

        return node;
    }

    private Exception Decode(JsonObject json) => _codec.DecodeError(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private Exception RoundTrip(Exception exception) => RoundTrip(exception, out _);

    private Exception RoundTrip(Exception exception, out int size)
    {
        using var frame = _codec.EncodeError(5, exception);
        size = frame.WrittenCount;
        var reader = new FrameReader(frame.WrittenSpan[4..]);
        Assert.Equal((byte)FrameKind.Response, reader.ReadByte());
        Assert.Equal(5, reader.ReadInt64());
        Assert.Equal((byte)ResponseStatus.Error, reader.ReadByte());
        return _codec.DecodeError(reader.Remaining);
    }
}
