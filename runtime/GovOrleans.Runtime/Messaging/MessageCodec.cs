using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Invocation;

namespace GovOrleans.Runtime.Messaging;

/// <summary>
/// The wire format. A frame is a little-endian int32 length and then: kind (byte), message id (int64) and a kind-specific
/// body. Requests carry the method's wire id and the target grain in binary, then one JSON object with the arguments
/// ("a"), runtime types of polymorphic arguments ("t"), request context ("x"), call chain ("c") and trace parent ("p").
/// Arguments and results use the same JSON representation that isolates local calls (see DeepCopier).
/// </summary>
internal sealed partial class MessageCodec(GrainMethodRegistry? registry)
{
    public const int HeaderLength = 4 + 1 + 8;

    [ThreadStatic]
    private static Utf8JsonWriter? s_threadWriter;

    public JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.General) { IncludeFields = true };

    public static PooledBufferWriter EncodeHello(PeerRole role, string clusterId, string identity)
    {
        var buffer = Begin(FrameKind.Hello, 0);
        buffer.WriteByte((byte)role);
        buffer.WriteString(clusterId);
        buffer.WriteString(identity);
        return End(buffer);
    }

    public static (PeerRole Role, string ClusterId, string Identity) DecodeHello(ref FrameReader reader) =>
        ((PeerRole)reader.ReadByte(), reader.ReadString(), reader.ReadString());

    public static PooledBufferWriter EncodeGoAway(string reason)
    {
        var buffer = Begin(FrameKind.GoAway, 0);
        buffer.WriteString(reason);
        return End(buffer);
    }

    public static string DecodeGoAway(ref FrameReader reader) => reader.ReadString();

    public PooledBufferWriter EncodeRequest(
        long messageId, GrainId target, GrainMethod method, object?[] arguments, IReadOnlyDictionary<string, object?>? items,
        CallChain? chain, ActivityContext parentActivity)
    {
        var buffer = Begin(FrameKind.Request, messageId);
        try
        {
            buffer.WriteInt32(method.WireId);
            buffer.WriteString(target.ToString());
            var json = Json(buffer);
            json.WriteStartObject();
            WriteTypeOverrides(json, method.ParameterTypes, arguments);
            json.WriteStartArray("a");
            for (var i = 0; i < arguments.Length; i++)
            {
                var value = arguments[i];
                JsonSerializer.Serialize(json, value, value is null ? method.ParameterTypes[i] : RuntimeTypeFor(value, method.ParameterTypes[i]), JsonOptions);
            }

            json.WriteEndArray();
            if (items is { Count: > 0 })
            {
                WriteItems(json, items);
            }

            if (chain is not null)
            {
                WriteChain(json, chain);
            }

            if (parentActivity != default)
            {
                json.WriteString("p", $"00-{parentActivity.TraceId.ToHexString()}-{parentActivity.SpanId.ToHexString()}-{(int)parentActivity.TraceFlags:x2}");
            }

            json.WriteEndObject();
            json.Flush();
            return End(buffer);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Reads the binary header of a request; throws <see cref="MalformedFrameException"/> on a broken frame.</summary>
    public (int MethodId, GrainId Target) DecodeRequestHeader(ref FrameReader reader)
    {
        var methodId = reader.ReadInt32();
        var target = reader.ReadString();
        try
        {
            return (methodId, GrainId.Parse(target));
        }
        catch (FormatException)
        {
            throw new MalformedFrameException("The request's grain id is not valid.");
        }
    }

    public GrainMethod? FindMethod(int methodId) => registry?.Find(methodId);

    /// <summary>Reads a request's JSON body; throws <see cref="JsonException"/> or <see cref="InvalidOperationException"/> when it does not fit the method.</summary>
    public IncomingRequest DecodeRequestBody(long messageId, GrainId target, GrainMethod method, ReadOnlySpan<byte> body)
    {
        var types = method.ParameterTypes;
        var arguments = new object?[types.Length];
        Dictionary<int, Type>? overrides = null;
        Dictionary<string, object?>? items = null;
        CallChain? chain = null;
        ActivityContext parent = default;
        var argumentsRead = false;
        var reader = new Utf8JsonReader(body);
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("t"u8))
            {
                overrides = ReadTypeOverrides(ref reader, types);
            }
            else if (reader.ValueTextEquals("a"u8))
            {
                Expect(ref reader, JsonTokenType.StartArray);
                for (var i = 0; i < types.Length; i++)
                {
                    reader.Read();
                    var type = overrides is not null && overrides.TryGetValue(i, out var runtimeType) ? runtimeType : types[i];
                    arguments[i] = JsonSerializer.Deserialize(ref reader, type, JsonOptions);
                }

                Expect(ref reader, JsonTokenType.EndArray);
                argumentsRead = true;
            }
            else if (reader.ValueTextEquals("x"u8))
            {
                items = ReadItems(ref reader);
            }
            else if (reader.ValueTextEquals("c"u8))
            {
                chain = ReadChain(ref reader);
            }
            else if (reader.ValueTextEquals("p"u8))
            {
                reader.Read();
                ActivityContext.TryParse(reader.GetString(), null, out parent);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!argumentsRead)
        {
            throw new JsonException("The request has no arguments array.");
        }

        return new IncomingRequest
        {
            MessageId = messageId,
            Target = target,
            Method = method,
            Arguments = arguments,
            Items = items,
            Chain = chain,
            ParentActivity = parent,
        };
    }

    public PooledBufferWriter EncodeResult(long messageId, object? value, Type declaredType)
    {
        var buffer = Begin(FrameKind.Response, messageId);
        try
        {
            buffer.WriteByte((byte)ResponseStatus.Ok);
            var json = Json(buffer);
            json.WriteStartObject();
            var type = value is null ? declaredType : RuntimeTypeFor(value, declaredType);
            if (type != declaredType)
            {
                WireTypes.EnsureAllowed(type, declaredType);
                json.WriteString("t", WireTypes.NameOf(type));
            }

            json.WritePropertyName("v");
            JsonSerializer.Serialize(json, value, type, JsonOptions);
            json.WriteEndObject();
            json.Flush();
            return End(buffer);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    public PooledBufferWriter EncodeError(long messageId, Exception exception)
    {
        var buffer = Begin(FrameKind.Response, messageId);
        buffer.WriteByte((byte)ResponseStatus.Error);
        var json = Json(buffer);
        ExceptionCodec.Write(json, exception, JsonOptions);
        json.Flush();
        return End(buffer);
    }

    public static PooledBufferWriter EncodeNotExecuted(long messageId, string? redirectTo, string reason)
    {
        var buffer = Begin(FrameKind.Response, messageId);
        buffer.WriteByte((byte)ResponseStatus.NotExecuted);
        buffer.WriteString(redirectTo ?? string.Empty);
        buffer.WriteString(reason);
        return End(buffer);
    }

    public TResult DecodeResult<TResult>(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        Expect(ref reader, JsonTokenType.StartObject);
        var type = typeof(TResult);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("t"u8))
            {
                reader.Read();
                type = WireTypes.Resolve(reader.GetString() ?? string.Empty, typeof(TResult));
            }
            else if (reader.ValueTextEquals("v"u8))
            {
                reader.Read();
                return (TResult)JsonSerializer.Deserialize(ref reader, type, JsonOptions)!;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        throw new JsonException("The response has no value.");
    }

    public Exception DecodeError(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        return ExceptionCodec.Read(document.RootElement, JsonOptions);
    }

    private static PooledBufferWriter Begin(FrameKind kind, long messageId)
    {
        var buffer = new PooledBufferWriter();
        buffer.WriteInt32(0);
        buffer.WriteByte((byte)kind);
        buffer.WriteInt64(messageId);
        return buffer;
    }

    private static PooledBufferWriter End(PooledBufferWriter buffer)
    {
        buffer.PatchInt32(0, buffer.WrittenCount - 4);
        return buffer;
    }

    private static Utf8JsonWriter Json(PooledBufferWriter buffer)
    {
        var writer = s_threadWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        return writer;
    }

    private static Type RuntimeTypeFor(object value, Type declared)
    {
        var runtime = value.GetType();
        return runtime == declared || !WireTypes.IsPolymorphic(declared) ? declared : runtime;
    }

    private static void WriteTypeOverrides(Utf8JsonWriter json, Type[] types, object?[] arguments)
    {
        var started = false;
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] is { } value && RuntimeTypeFor(value, types[i]) is var type && type != types[i])
            {
                WireTypes.EnsureAllowed(type, types[i]);
                if (!started)
                {
                    json.WriteStartObject("t");
                    started = true;
                }

                json.WriteString(i.ToString(CultureInfo.InvariantCulture), WireTypes.NameOf(type));
            }
        }

        if (started)
        {
            json.WriteEndObject();
        }
    }

    private static Dictionary<int, Type> ReadTypeOverrides(ref Utf8JsonReader reader, Type[] types)
    {
        var overrides = new Dictionary<int, Type>();
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!int.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= types.Length)
            {
                throw new JsonException("A type override names no argument.");
            }

            reader.Read();
            overrides[index] = WireTypes.Resolve(reader.GetString() ?? string.Empty, types[index]);
        }

        return overrides;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new JsonException($"Expected {token}.");
        }
    }
}
