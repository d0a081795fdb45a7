using System.Reflection;
using System.Text.Json;
using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Messaging;

/// <summary>
/// Carries exceptions across processes: the type, the message, the type's own public properties and inner exceptions.
/// The receiver rebuilds the same type through the public constructor whose parameters best match those properties
/// (e.g. a conflict's version or a rule violation's field errors), or a <see cref="RemoteGrainException"/>.
/// </summary>
internal static class ExceptionCodec
{
    private const int MaxDepth = 3;

    public static void Write(Utf8JsonWriter writer, Exception exception, JsonSerializerOptions options, int depth = 0)
    {
        var type = exception.GetType();
        writer.WriteStartObject();
        writer.WriteString("type", WireTypes.NameOf(type));
        writer.WriteString("message", exception.Message);
        writer.WriteStartObject("props");
        for (var t = type; t is not null && t != typeof(Exception); t = t.BaseType)
        {
            foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (!property.CanRead || property.GetIndexParameters().Length > 0 || typeof(Exception).IsAssignableFrom(property.PropertyType))
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

                writer.WritePropertyName(property.Name);
                writer.WriteRawValue(json, skipInputValidation: true);
            }
        }

        writer.WriteEndObject();
        if (exception.InnerException is { } inner && depth < MaxDepth)
        {
            writer.WritePropertyName("inner");
            Write(writer, inner, options, depth + 1);
        }

        writer.WriteEndObject();
    }

    public static Exception Read(JsonElement element, JsonSerializerOptions options)
    {
        var typeName = element.TryGetProperty("type", out var t) ? t.GetString() ?? "System.Exception" : "System.Exception";
        var message = element.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
        var inner = element.TryGetProperty("inner", out var i) && i.ValueKind == JsonValueKind.Object ? Read(i, options) : null;
        var props = element.TryGetProperty("props", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;

        Type type;
        try
        {
            type = WireTypes.Resolve(typeName, typeof(Exception));
        }
        catch (InvalidOperationException)
        {
            return new RemoteGrainException(typeName.Split(',')[0], message);
        }

        return TryConstruct(type, message, inner, props, options) ?? new RemoteGrainException(type.FullName ?? typeName, message);
    }

    private static Exception? TryConstruct(Type type, string message, Exception? inner, JsonElement props, JsonSerializerOptions options)
    {
        ConstructorInfo? best = null;
        var bestScore = -1;
        foreach (var constructor in type.GetConstructors())
        {
            var score = Score(constructor, inner, props);
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
    private static int Score(ConstructorInfo constructor, Exception? inner, JsonElement props)
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
                if (inner is null || !parameter.ParameterType.IsInstanceOfType(inner))
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
}
