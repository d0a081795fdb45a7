using System.Reflection;
using System.Text.Json;
using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Messaging;

/// <summary>
/// Carries exceptions across processes: the type, the message, the type's own public properties and the inner
/// exceptions (all of an <see cref="AggregateException"/>'s), up to <see cref="MaxDepth"/> levels, <see cref="MaxNodes"/>
/// exceptions and about <see cref="MaxInnerBytes"/> of inner exceptions. The receiver rebuilds each exception as the same
/// type through the public constructor whose parameters best match those properties (e.g. a conflict's version or a rule
/// violation's field errors), or as a <see cref="RemoteGrainException"/> that keeps the type's name and the inner chain.
/// </summary>
internal static class ExceptionCodec
{
    /// <summary>Levels of inner exceptions below the one thrown.</summary>
    public const int MaxDepth = 4;

    /// <summary>Exceptions in one error, the thrown one and aggregated ones included.</summary>
    public const int MaxNodes = 32;

    /// <summary>Bytes written for inner exceptions before the remaining ones are left out.</summary>
    public const int MaxInnerBytes = 64 * 1024;

    /// <summary>Characters kept of an inner exception's message (the thrown exception's message is kept whole).</summary>
    public const int MaxInnerMessageLength = 4096;

    public static void Write(Utf8JsonWriter writer, Exception exception, JsonSerializerOptions options)
    {
        var budget = default(Budget);
        WriteNode(writer, exception, options, 0, ref budget);
    }

    public static Exception Read(JsonElement element, JsonSerializerOptions options)
    {
        var nodes = 0;
        return ReadNode(element, options, 0, ref nodes);
    }

    private static void WriteNode(Utf8JsonWriter writer, Exception exception, JsonSerializerOptions options, int depth, ref Budget budget)
    {
        budget.Nodes++;
        var type = exception.GetType();
        var message = exception is AggregateException aggregate ? OwnMessage(aggregate) : exception.Message;
        writer.WriteStartObject();
        writer.WriteString("type", WireTypes.NameOf(type));
        writer.WriteString("message", depth == 0 || message.Length <= MaxInnerMessageLength ? message : message[..MaxInnerMessageLength]);
        WriteProperties(writer, exception, type, options, depth == 0 ? long.MaxValue : MaxInnerBytes - budget.Used(writer));
        if (depth == 0)
        {
            // The thrown exception is sent whole (the frame limit applies to it); the budget is for what it carries.
            budget.Start = writer.BytesCommitted + writer.BytesPending;
        }

        if (exception is AggregateException { InnerExceptions: var inners })
        {
            // All of them, not just InnerException (the first); the receiver's AggregateException recomputes its message.
            writer.WriteStartArray("inners");
            foreach (var inner in inners)
            {
                if (!budget.Allows(writer, depth + 1))
                {
                    break;
                }

                WriteNode(writer, inner, options, depth + 1, ref budget);
            }

            writer.WriteEndArray();
        }
        else if (exception.InnerException is { } inner && budget.Allows(writer, depth + 1))
        {
            writer.WritePropertyName("inner");
            WriteNode(writer, inner, options, depth + 1, ref budget);
        }

        writer.WriteEndObject();
    }

    /// <summary>The type's own properties; those that would take more than <paramref name="room"/> bytes are left out.</summary>
    private static void WriteProperties(Utf8JsonWriter writer, Exception exception, Type type, JsonSerializerOptions options, long room)
    {
        writer.WriteStartObject("props");
        for (var t = type; t is not null && t != typeof(Exception); t = t.BaseType)
        {
            foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (!property.CanRead || property.GetIndexParameters().Length > 0 || typeof(Exception).IsAssignableFrom(property.PropertyType)
                    || typeof(IEnumerable<Exception>).IsAssignableFrom(property.PropertyType)
                    || property.GetMethod?.GetBaseDefinition().DeclaringType == typeof(Exception))
                {
                    continue;
                }

                byte[] json;
                try
                {
                    // Serialized apart first so that a property that cannot be serialized leaves no half-written value.
                    json = JsonSerializer.SerializeToUtf8Bytes(property.GetValue(exception), property.PropertyType, options);
                }
                catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException or TargetInvocationException)
                {
                    continue;
                }

                if (json.Length > room)
                {
                    continue;
                }

                room -= json.Length;
                writer.WritePropertyName(property.Name);
                writer.WriteRawValue(json, skipInputValidation: true);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>An aggregate's message without the " (inner message)" parts that <see cref="AggregateException.Message"/> appends.</summary>
    private static string OwnMessage(AggregateException aggregate)
    {
        var message = aggregate.Message;
        if (aggregate.InnerExceptions.Count == 0)
        {
            return message;
        }

        var suffix = string.Concat(aggregate.InnerExceptions.Select(e => $" ({e.Message})"));
        return message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }

    private static Exception ReadNode(JsonElement element, JsonSerializerOptions options, int depth, ref int nodes)
    {
        nodes++;
        var typeName = element.TryGetProperty("type", out var t) ? t.GetString() ?? "System.Exception" : "System.Exception";
        var message = element.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
        var props = element.TryGetProperty("props", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;

        // The same limits as the writer's: a peer's error is untrusted input, and every node runs a constructor.
        List<Exception>? inners = null;
        Exception? inner = null;
        if (depth < MaxDepth && element.TryGetProperty("inners", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            inners = [];
            foreach (var item in list.EnumerateArray())
            {
                if (nodes >= MaxNodes)
                {
                    break;
                }

                if (item.ValueKind == JsonValueKind.Object)
                {
                    inners.Add(ReadNode(item, options, depth + 1, ref nodes));
                }
            }

            inner = inners.Count > 0 ? inners[0] : null;
        }
        else if (depth < MaxDepth && nodes < MaxNodes && element.TryGetProperty("inner", out var i) && i.ValueKind == JsonValueKind.Object)
        {
            inner = ReadNode(i, options, depth + 1, ref nodes);
        }

        Type type;
        try
        {
            type = WireTypes.ResolveException(typeName);
        }
        catch (InvalidOperationException)
        {
            return new RemoteGrainException(typeName.Split(',')[0], message, inner);
        }

        return TryConstruct(type, message, inner, inners, props, options) ?? new RemoteGrainException(type.FullName ?? typeName, message, inner);
    }

    private static Exception? TryConstruct(
        Type type, string message, Exception? inner, List<Exception>? inners, JsonElement props, JsonSerializerOptions options)
    {
        ConstructorInfo? best = null;
        var bestScore = -1;
        foreach (var constructor in type.GetConstructors())
        {
            var score = Score(constructor, inner, inners, props);
            if (score > bestScore)
            {
                best = constructor;
                bestScore = score;
            }
        }

        if (best is null)
        {
            return null;
        }

        var parameters = best.GetParameters();
        var arguments = new object?[parameters.Length];
        try
        {
            for (var index = 0; index < parameters.Length; index++)
            {
                var parameter = parameters[index];
                if (parameter.ParameterType == typeof(string) && string.Equals(parameter.Name, "message", StringComparison.OrdinalIgnoreCase))
                {
                    arguments[index] = message;
                }
                else if (typeof(Exception).IsAssignableFrom(parameter.ParameterType))
                {
                    arguments[index] = inner;
                }
                else if (IsExceptionList(parameter.ParameterType))
                {
                    arguments[index] = inners!.ToArray();
                }
                else if (TryGetProperty(props, parameter.Name!, out var value))
                {
                    arguments[index] = value.Deserialize(parameter.ParameterType, options);
                }
                else
                {
                    arguments[index] = parameter.HasDefaultValue ? parameter.DefaultValue : null;
                }
            }

            var built = (Exception)best.Invoke(arguments);

            // Some types append to the message they are given (ArgumentException adds the parameter name), and the
            // message on the wire already has the addition: take it off once so it does not appear twice.
            var messageIndex = Array.FindIndex(
                parameters, p => p.ParameterType == typeof(string) && string.Equals(p.Name, "message", StringComparison.OrdinalIgnoreCase));
            if (messageIndex >= 0 && built.Message.Length > message.Length && built.Message.StartsWith(message, StringComparison.Ordinal)
                && message.EndsWith(built.Message[message.Length..], StringComparison.Ordinal))
            {
                arguments[messageIndex] = message[..^(built.Message.Length - message.Length)];
                built = (Exception)best.Invoke(arguments);
            }

            return built;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or TargetInvocationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>-1 when the constructor needs something we do not have; otherwise how much of what we have it takes.</summary>
    private static int Score(ConstructorInfo constructor, Exception? inner, List<Exception>? inners, JsonElement props)
    {
        var score = 0;
        foreach (var parameter in constructor.GetParameters())
        {
            if (parameter.ParameterType == typeof(string) && string.Equals(parameter.Name, "message", StringComparison.OrdinalIgnoreCase))
            {
                score += 2;
            }
            else if (typeof(Exception).IsAssignableFrom(parameter.ParameterType))
            {
                // One inner exception where an aggregate sent several would lose the others.
                if (inner is null || !parameter.ParameterType.IsInstanceOfType(inner) || inners is { Count: > 1 })
                {
                    return -1;
                }

                score += 2;
            }
            else if (IsExceptionList(parameter.ParameterType))
            {
                if (inners is null)
                {
                    return -1;
                }

                score += 2;
            }
            else if (TryGetProperty(props, parameter.Name!, out _))
            {
                score += 2;
            }
            else if (!parameter.HasDefaultValue)
            {
                return -1;
            }
        }

        return score;
    }

    private static bool TryGetProperty(JsonElement props, string name, out JsonElement value)
    {
        value = default;
        if (props.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in props.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }

    /// <summary>A parameter that takes a list of inner exceptions (<c>Exception[]</c>, <c>IEnumerable&lt;Exception&gt;</c>...).</summary>
    private static bool IsExceptionList(Type type) =>
        type == typeof(Exception[])
        || (type.IsGenericType && type.GenericTypeArguments is [var element] && element == typeof(Exception) && type.IsAssignableFrom(typeof(Exception[])));

    /// <summary>How much of the inner chain is still written.</summary>
    private struct Budget
    {
        public int Nodes { get; set; }

        public long Start { get; set; }

        public readonly long Used(Utf8JsonWriter writer) => writer.BytesCommitted + writer.BytesPending - Start;

        public readonly bool Allows(Utf8JsonWriter writer, int depth) => depth <= MaxDepth && Nodes < MaxNodes && Used(writer) < MaxInnerBytes;
    }
}
