using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Messaging;
using GovOrleans.Runtime.Serialization;

namespace GovOrleans.Runtime.Tests.Cluster;

/// <summary>Round trips through the frame codec, the exception codec and the wire type resolver, without sockets.</summary>
public sealed class WireFormatTests
{
    private static readonly GrainId Target = GrainId.Parse("wireshapes/k1");
    private readonly MessageCodec _codec = new(null);

    public interface IWireShapesGrain : IGrainWithStringKey
    {
        Task<WireAnimal> ShapesAsync(WireAnimal? animal, object? anything, List<int>? numbers, Dictionary<string, WireAnimal>? byName, int[]? array);
    }

    [Fact]
    public void EncodeHello_FollowsTheDocumentedLayout_AndDecodes()
    {
        using var frame = MessageCodec.EncodeHello(PeerRole.Client, "cluster-ä", "client:1");
        var bytes = frame.WrittenSpan;

        Assert.Equal(bytes.Length - 4, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal((byte)FrameKind.Hello, bytes[4]);
        Assert.Equal(0, BinaryPrimitives.ReadInt64LittleEndian(bytes[5..]));
        Assert.Equal((byte)PeerRole.Client, bytes[MessageCodec.HeaderLength]);
        Assert.Equal(Encoding.UTF8.GetByteCount("cluster-ä"), BinaryPrimitives.ReadInt32LittleEndian(bytes[(MessageCodec.HeaderLength + 1)..]));

        var reader = new FrameReader(bytes[4..]);
        reader.ReadByte();
        reader.ReadInt64();
        var (role, clusterId, identity) = MessageCodec.DecodeHello(ref reader);
        Assert.Equal((PeerRole.Client, "cluster-ä", "client:1"), (role, clusterId, identity));
        Assert.Equal(0, reader.Remaining.Length);
    }

    [Fact]
    public void EncodeGoAway_FollowsTheDocumentedLayout_AndDecodes()
    {
        using var frame = MessageCodec.EncodeGoAway("silo stopping: ä");
        var bytes = frame.WrittenSpan;

        Assert.Equal(bytes.Length - 4, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(4, bytes[4]);
        Assert.Equal((byte)FrameKind.GoAway, bytes[4]);
        Assert.Equal(0, BinaryPrimitives.ReadInt64LittleEndian(bytes[5..]));
        Assert.Equal(Encoding.UTF8.GetByteCount("silo stopping: ä"), BinaryPrimitives.ReadInt32LittleEndian(bytes[MessageCodec.HeaderLength..]));
        Assert.Equal(MessageCodec.HeaderLength + 4 + Encoding.UTF8.GetByteCount("silo stopping: ä"), bytes.Length);

        var reader = new FrameReader(bytes[4..]);
        reader.ReadByte();
        reader.ReadInt64();
        Assert.Equal("silo stopping: ä", MessageCodec.DecodeGoAway(ref reader));
        Assert.Equal(0, reader.Remaining.Length);

        // An empty reason is a valid GoAway too.
        using var empty = MessageCodec.EncodeGoAway(string.Empty);
        Assert.Equal(MessageCodec.HeaderLength + 4, empty.WrittenCount);
    }

    [Fact]
    public void Request_PolymorphicArguments_KeepTheirRuntimeTypes()
    {
        var request = RoundTrip([new WireDog { Name = "rex", Barks = 3 }, 42, null, null, null]);

        var dog = Assert.IsType<WireDog>(request.Arguments[0]);
        Assert.Equal(("rex", 3), (dog.Name, dog.Barks));

        // Declared object: the runtime type travels, so the grain sees an int and not a JsonElement.
        Assert.Equal(42, Assert.IsType<int>(request.Arguments[1]));

        var nested = RoundTrip([new WireAnimal { Name = "cat" }, new WireDog { Name = "fido", Barks = 1 }, null, null, null]);
        Assert.IsType<WireAnimal>(nested.Arguments[0]);
        Assert.Equal(1, Assert.IsType<WireDog>(nested.Arguments[1]).Barks);
    }

    [Fact]
    public void Request_NullsAndCollections_RoundTrip()
    {
        var byName = new Dictionary<string, WireAnimal> { ["a"] = new() { Name = "ant" }, ["b"] = new() { Name = "bee" } };
        var request = RoundTrip([null, null, new List<int> { 1, 2, 3 }, byName, new[] { 7, 8 }]);

        Assert.Null(request.Arguments[0]);
        Assert.Null(request.Arguments[1]);
        Assert.Equal([1, 2, 3], Assert.IsType<List<int>>(request.Arguments[2]));
        var map = Assert.IsType<Dictionary<string, WireAnimal>>(request.Arguments[3]);
        Assert.Equal(["ant", "bee"], map.OrderBy(p => p.Key).Select(p => p.Value.Name));
        Assert.Equal([7, 8], Assert.IsType<int[]>(request.Arguments[4]));

        var empty = RoundTrip([null, null, new List<int>(), new Dictionary<string, WireAnimal>(), Array.Empty<int>()]);
        Assert.Empty(Assert.IsType<List<int>>(empty.Arguments[2]));
        Assert.Empty(Assert.IsType<Dictionary<string, WireAnimal>>(empty.Arguments[3]));
        Assert.Empty(Assert.IsType<int[]>(empty.Arguments[4]));
    }

    [Fact]
    public void Request_ContextChainAndTraceParent_RoundTrip()
    {
        var items = new Dictionary<string, object?>
        {
            ["n"] = null,
            ["s"] = "text",
            ["b"] = true,
            ["i"] = 5,
            ["l"] = 6L,
            ["d"] = 1.5,
            ["m"] = 2.25m,
            ["g"] = Guid.NewGuid(),
            ["o"] = DateTimeOffset.UnixEpoch.AddHours(3),
            ["t"] = TimeSpan.FromMinutes(90),
        };
        var chain = new CallChain(GrainId.Parse("a/1"), true, new CallChain(GrainId.Parse("b/2"), false, null));
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        var request = RoundTrip([null, null, null, null, null], items, chain, parent);

        Assert.Equal(items, request.Items!);
        Assert.Equal(Target, request.Target);
        Assert.Equal((GrainId.Parse("a/1"), true), (request.Chain!.Grain, request.Chain.AllowReentry));
        Assert.Equal((GrainId.Parse("b/2"), false), (request.Chain.Parent!.Grain, request.Chain.Parent.AllowReentry));
        Assert.Null(request.Chain.Parent.Parent);
        Assert.Equal((parent.TraceId, parent.SpanId, parent.TraceFlags), (request.ParentActivity.TraceId, request.ParentActivity.SpanId, request.ParentActivity.TraceFlags));
    }

    [Fact]
    public void Request_ContextValueOfUnsupportedType_IsRefusedWhenSending()
    {
        var items = new Dictionary<string, object?> { ["bag"] = new List<int>() };

        Assert.Throws<NotSupportedException>(() => _codec.EncodeRequest(1, Target, Method, [null, null, null, null, null], items, null, default));
    }

    [Fact]
    public void Request_TypeOverrideNotAssignableToTheParameter_IsRefused()
    {
        var body = $$"""{"t":{"0":"{{WireTypes.NameOf(typeof(Uri))}}"},"a":[{"Name":"x"},null,null,null,null]}""";

        Assert.Throws<InvalidOperationException>(() => _codec.DecodeRequestBody(1, Target, Method, Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"a":[null,null""")]
    [InlineData("""{"a":[null]}""")]
    [InlineData("""{"a":[null,null,null,null,null,null]}""")]
    [InlineData("""{"x":{}}""")]
    [InlineData("""{"a":[null,null,"not a list",null,null]}""")]
    [InlineData("""{"t":{"9":"System.Int32, System.Private.CoreLib"},"a":[null,null,null,null,null]}""")]
    [InlineData("""{"x":{"k":["q",1]},"a":[null,null,null,null,null]}""")]
    public void DecodeRequestBody_BrokenBody_ThrowsJsonException(string body) =>
        Assert.ThrowsAny<JsonException>(() => _codec.DecodeRequestBody(1, Target, Method, Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Result_OfDerivedTypeOrNull_RoundTrips()
    {
        using (var frame = _codec.EncodeResult(9, new WireDog { Name = "rex", Barks = 2 }, typeof(WireAnimal)))
        {
            var dog = Assert.IsType<WireDog>(_codec.DecodeResult<WireAnimal>(ResponseBody(frame, 9, ResponseStatus.Ok)));
            Assert.Equal(2, dog.Barks);
        }

        using (var frame = _codec.EncodeResult(10, null, typeof(WireAnimal)))
        {
            Assert.Null(_codec.DecodeResult<WireAnimal?>(ResponseBody(frame, 10, ResponseStatus.Ok)));
        }

        using (var frame = _codec.EncodeResult(11, 7, typeof(object)))
        {
            Assert.Equal(7, _codec.DecodeResult<object>(ResponseBody(frame, 11, ResponseStatus.Ok)));
        }
    }

    [Fact]
    public void Error_ArgumentExceptions_KeepTypeMessageAndParamName()
    {
        var argument = RoundTripError(new ArgumentException("The key is malformed.", "key"));
        Assert.IsType<ArgumentException>(argument);
        Assert.Equal("key", ((ArgumentException)argument).ParamName);
        Assert.Equal(new ArgumentException("The key is malformed.", "key").Message, argument.Message);

        var missing = Assert.IsType<ArgumentNullException>(RoundTripError(new ArgumentNullException("payload")));
        Assert.Equal("payload", missing.ParamName);
        Assert.Equal(new ArgumentNullException("payload").Message, missing.Message);

        var range = Assert.IsType<ArgumentOutOfRangeException>(RoundTripError(new ArgumentOutOfRangeException("amount", "Too big.")));
        Assert.Equal("amount", range.ParamName);
        Assert.Equal(new ArgumentOutOfRangeException("amount", "Too big.").Message, range.Message);
    }

    [Fact]
    public void Error_CustomExceptionWithIntProperty_IsRebuiltThroughItsConstructor()
    {
        var error = Assert.IsType<CodedException>(RoundTripError(new CodedException("Refused.", 42)));

        Assert.Equal("Refused.", error.Message);
        Assert.Equal(42, error.Code);
    }

    [Fact]
    public void Error_PropertyThatCannotBeSerialized_IsLeftOut()
    {
        var error = Assert.IsType<TypedException>(RoundTripError(new TypedException("Bad type.", typeof(string))));

        Assert.Equal("Bad type.", error.Message);
        Assert.Null(error.Offender);
    }

    [Fact]
    public void Error_InnerExceptions_RoundTrip()
    {
        var sent = new InvalidOperationException("outer", new CodedException("middle", 7, new ArgumentNullException("p")));

        var error = Assert.IsType<InvalidOperationException>(RoundTripError(sent));

        Assert.Equal("outer", error.Message);
        var middle = Assert.IsType<CodedException>(error.InnerException);
        Assert.Equal(("middle", 7), (middle.Message, middle.Code));
        var inner = Assert.IsType<ArgumentNullException>(middle.InnerException);
        Assert.Equal("p", inner.ParamName);
    }

    [Fact]
    public void Error_RemoteGrainException_RoundTripsWithItsOriginalType()
    {
        var error = Assert.IsType<RemoteGrainException>(RoundTripError(new RemoteGrainException("Some.Vendor.FailureException", "vendor down")));

        Assert.Equal(("Some.Vendor.FailureException", "vendor down"), (error.ExceptionType, error.Message));
    }

    [Theory]
    [InlineData("Nowhere.MissingException, Nowhere.Assembly", "Nowhere.MissingException")]
    [InlineData("System.String, System.Private.CoreLib", "System.String")]
    [InlineData("GovOrleans.Runtime.Tests.Cluster.WireFormatTests+UnbuildableException, GovOrleans.Runtime.Tests", "GovOrleans.Runtime.Tests.Cluster.WireFormatTests+UnbuildableException")]
    public void Error_TypeThatCannotBeRebuilt_BecomesRemoteGrainException(string typeName, string expectedType)
    {
        var json = JsonSerializer.Serialize(new { type = typeName, message = "boom", props = new { } });

        var error = Assert.IsType<RemoteGrainException>(_codec.DecodeError(Encoding.UTF8.GetBytes(json)));

        Assert.Equal((expectedType, "boom"), (error.ExceptionType, error.Message));
    }

    [Fact]
    public void WireTypes_Resolve_AcceptsOnlyConcreteTypesAssignableToTheDeclaredType()
    {
        Assert.Equal(typeof(WireDog), WireTypes.Resolve(WireTypes.NameOf(typeof(WireDog)), typeof(WireAnimal)));
        Assert.Equal(typeof(int), WireTypes.Resolve(WireTypes.NameOf(typeof(int)), typeof(object)));

        Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(WireTypes.NameOf(typeof(string)), typeof(WireAnimal)));
        Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(WireTypes.NameOf(typeof(WireAnimal)), typeof(WireDog)));
        Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(WireTypes.NameOf(typeof(Stream)), typeof(object)));
        Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(WireTypes.NameOf(typeof(IDisposable)), typeof(object)));
        Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(WireTypes.NameOf(typeof(Action)), typeof(object)));
        Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve(WireTypes.NameOf(typeof(string).GetType()), typeof(object)));
        Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve("No.Such.Type, No.Such.Assembly", typeof(object)));
        Assert.Throws<InvalidOperationException>(() => WireTypes.Resolve("[[not a type name", typeof(object)));
    }

    [Fact]
    public void FrameReader_StringLongerThanTheFrame_IsRefused()
    {
        var frame = new byte[4 + 10];
        BinaryPrimitives.WriteInt32LittleEndian(frame, 11);

        Assert.Throws<MalformedFrameException>(() => new FrameReader(frame).ReadString());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(64 * 1024 + 1)]
    [InlineData(int.MaxValue)]
    public void FrameReader_StringLengthOutOfRange_IsRefused(int length)
    {
        var frame = new byte[4 + 16];
        BinaryPrimitives.WriteInt32LittleEndian(frame, length);

        Assert.Throws<MalformedFrameException>(() => new FrameReader(frame).ReadString());
    }

    [Fact]
    public void FrameReader_ReadsPastTheEnd_AreRefused()
    {
        Assert.Throws<MalformedFrameException>(() => new FrameReader(new byte[7]).ReadInt64());
        Assert.Throws<MalformedFrameException>(() => new FrameReader(new byte[3]).ReadInt32());
        Assert.Throws<MalformedFrameException>(() => new FrameReader([]).ReadByte());
        Assert.Equal(string.Empty, new FrameReader(new byte[4]).ReadString());
    }

    private static GrainMethod Method =>
        GrainInterfaceMetadata.Get(typeof(IWireShapesGrain), new DeepCopier()).Methods.Single();

    private static byte[] ResponseBody(PooledBufferWriter frame, long messageId, ResponseStatus status)
    {
        var reader = new FrameReader(frame.WrittenSpan[4..]);
        Assert.Equal((byte)FrameKind.Response, reader.ReadByte());
        Assert.Equal(messageId, reader.ReadInt64());
        Assert.Equal((byte)status, reader.ReadByte());
        return reader.Remaining.ToArray();
    }

    private IncomingRequest RoundTrip(
        object?[] arguments, IReadOnlyDictionary<string, object?>? items = null, CallChain? chain = null, ActivityContext parent = default)
    {
        using var frame = _codec.EncodeRequest(77, Target, Method, arguments, items, chain, parent);
        var reader = new FrameReader(frame.WrittenSpan[4..]);
        Assert.Equal((byte)FrameKind.Request, reader.ReadByte());
        var messageId = reader.ReadInt64();
        var (methodId, target) = _codec.DecodeRequestHeader(ref reader);
        Assert.Equal((77, Method.WireId), (messageId, methodId));
        return _codec.DecodeRequestBody(messageId, target, Method, reader.Remaining);
    }

    private Exception RoundTripError(Exception exception)
    {
        using var frame = _codec.EncodeError(5, exception);
        return _codec.DecodeError(ResponseBody(frame, 5, ResponseStatus.Error));
    }

    public class WireAnimal
    {
        public string Name { get; set; } = string.Empty;
    }

    public sealed class WireDog : WireAnimal
    {
        public int Barks { get; set; }
    }

    public sealed class CodedException : Exception
    {
        public CodedException(string message, int code)
            : base(message) => Code = code;

        public CodedException(string message, int code, Exception innerException)
            : base(message, innerException) => Code = code;

        public int Code { get; }
    }

    public sealed class TypedException(string message, Type? offender = null) : Exception(message)
    {
        public Type? Offender { get; } = offender;
    }

    public sealed class UnbuildableException(Guid token) : Exception($"token {token}")
    {
        public Guid Token { get; } = token;
    }
}
