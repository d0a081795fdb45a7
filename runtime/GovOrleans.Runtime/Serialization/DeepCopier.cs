using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.Runtime.Serialization;

/// <summary>
/// Isolates callers from callees: a local call must not let either side mutate the other's objects.
/// Immutable values pass by reference (no cost); everything else is copied through the same JSON
/// representation a call uses between silos, so a type that works locally also works across the wire.
/// </summary>
internal sealed class DeepCopier
{
    private static readonly HashSet<Type> KnownImmutable =
    [
        typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid),
        typeof(DateOnly), typeof(TimeOnly), typeof(Uri), typeof(Version), typeof(CancellationToken), typeof(GrainId),
        typeof(GrainType), typeof(Half), typeof(Int128), typeof(UInt128), typeof(System.Numerics.BigInteger),
    ];

    private static readonly HashSet<Type> ImmutableGenericDefinitions =
    [
        typeof(Nullable<>), typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(ImmutableDictionary<,>),
        typeof(ImmutableHashSet<>), typeof(ImmutableSortedDictionary<,>), typeof(ImmutableSortedSet<>),
        typeof(ImmutableQueue<>), typeof(ImmutableStack<>), typeof(KeyValuePair<,>),
    ];

    private readonly ConcurrentDictionary<Type, bool> _immutable = new();
    private readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.General) { IncludeFields = true };

    public bool IsImmutable(Type type)
    {
        if (_immutable.TryGetValue(type, out var known))
        {
            return known;
        }

        var computed = Analyze(type, new HashSet<Type>());
        _immutable.TryAdd(type, computed);
        return computed;
    }

    public T Copy<T>(T value)
    {
        if (value is null)
        {
            return value;
        }

        return (T)Copy((object)value)!;
    }

    public object? Copy(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var type = value.GetType();
        if (IsImmutable(type))
        {
            return value;
        }

        if (value is byte[] bytes)
        {
            return bytes.Clone();
        }

        if (value is Grain)
        {
            throw new ArgumentException(
                $"A grain instance ({type.Name}) cannot be passed in a call; pass a reference from IGrainFactory.GetGrain instead.");
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(value, type, _options);
        return JsonSerializer.Deserialize(json, type, _options);
    }

    private bool Analyze(Type type, HashSet<Type> inProgress)
    {
        if (type.IsPrimitive || type.IsEnum || KnownImmutable.Contains(type) || type.IsPointer)
        {
            return true;
        }

        if (_immutable.TryGetValue(type, out var known))
        {
            return known;
        }

        if (type.IsDefined(typeof(ImmutableAttribute), inherit: false)
            || typeof(IGrainReference).IsAssignableFrom(type)
            || typeof(Type).IsAssignableFrom(type)
            || typeof(Delegate).IsAssignableFrom(type))
        {
            return true;
        }

        if (type.IsArray || type.IsInterface || type.IsAbstract || typeof(Grain).IsAssignableFrom(type))
        {
            return false;
        }

        if (type.IsGenericType && ImmutableGenericDefinitions.Contains(type.GetGenericTypeDefinition()))
        {
            return type.GetGenericArguments().All(a => Analyze(a, inProgress));
        }

        // A recursive type (an immutable linked node) is immutable if everything else about it is.
        if (!inProgress.Add(type))
        {
            return true;
        }

        try
        {
            for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    // A struct is copied by value, so only what its fields point to matters; a class must also
                    // never be mutated in place, hence read-only fields.
                    if ((!type.IsValueType && !field.IsInitOnly) || !Analyze(field.FieldType, inProgress))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
        finally
        {
            inProgress.Remove(type);
        }
    }
}
