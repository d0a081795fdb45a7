using System.Collections.Concurrent;

namespace GovOrleans.Runtime.Messaging;

/// <summary>
/// The array types and generic instantiations a peer's type name may resolve to. .NET never frees a type it has built,
/// so a peer naming ever new combinations (Dictionary&lt;string, List&lt;SomeEnum&gt;&gt;, …) would grow the process
/// without bound: a name resolves freely only to a type this process uses itself (remembered from the grain interfaces'
/// signatures and from the values it sends), and at most <see cref="PeerBudget"/> further types are ever built because a
/// peer named them. Past that, each such name is refused and the call fails alone.
/// </summary>
internal static class ConstructedTypes
{
    /// <summary>How many array or generic types peers may cause this process to build, ever.</summary>
    public const int PeerBudget = 256;

    private static readonly HashSet<Type> ListInterfaces =
        [typeof(IEnumerable<>), typeof(ICollection<>), typeof(IList<>), typeof(IReadOnlyCollection<>), typeof(IReadOnlyList<>)];

    private static readonly HashSet<Type> DictionaryInterfaces = [typeof(IDictionary<,>), typeof(IReadOnlyDictionary<,>)];

    private static readonly ConcurrentDictionary<Key, Type> Known = new();
    private static readonly Lock BuildLock = new();
    private static int s_peerBuilt;

    /// <summary>Types built so far because a peer named them.</summary>
    public static int PeerBuilt => Volatile.Read(ref s_peerBuilt);

    /// <summary>Records <paramref name="type"/> and the arrays and generic instantiations inside it as used by this process.</summary>
    public static void Remember(Type type)
    {
        // Collectible types must be free to unload, and no peer can name them anyway (LoadedAssemblies skips them).
        if (type.ContainsGenericParameters || type.IsCollectible)
        {
            return;
        }

        if (type.IsSZArray)
        {
            var element = type.GetElementType()!;
            Remember(element);
            Known.TryAdd(new Key(element, null), type);
        }
        else if (type.IsConstructedGenericType)
        {
            var arguments = type.GenericTypeArguments;
            foreach (var argument in arguments)
            {
                Remember(argument);
            }

            Known.TryAdd(new Key(type.GetGenericTypeDefinition(), arguments), type);
        }
    }

    /// <summary>
    /// Remembers a parameter or result type of a grain method, with the concrete collections a sender puts where it
    /// declares a collection interface: values of those types are the common case and should never draw on the budget.
    /// </summary>
    public static void RememberDeclared(Type declared)
    {
        Remember(declared);
        if (!declared.IsInterface || !declared.IsConstructedGenericType || declared.ContainsGenericParameters || declared.IsCollectible)
        {
            return;
        }

        var definition = declared.GetGenericTypeDefinition();
        var arguments = declared.GenericTypeArguments;
        if (!arguments.All(a => WireTypePolicy.IsAllowed(a, depth: 1)))
        {
            return;
        }

        if (ListInterfaces.Contains(definition))
        {
            Remember(typeof(List<>).MakeGenericType(arguments));
            Remember(arguments[0].MakeArrayType());
        }
        else if (DictionaryInterfaces.Contains(definition))
        {
            Remember(typeof(Dictionary<,>).MakeGenericType(arguments));
        }
    }

    /// <summary>The type <paramref name="shape"/> stands for; null, with the reason, when it would be built past the budget or cannot be built.</summary>
    public static Type? Get(WireTypeShape shape, out string? refusal)
    {
        refusal = null;
        if (Missing(shape, out var existing) == 0)
        {
            return existing;
        }

        lock (BuildLock)
        {
            var missing = Missing(shape, out existing);
            if (missing == 0)
            {
                return existing;
            }

            if (missing > PeerBudget - s_peerBuilt)
            {
                refusal = $"it would build a new type, and peers have already made this process build the {PeerBudget} it allows; "
                    + "only types this process uses itself are accepted now";
                return null;
            }

            return Build(shape, ref refusal);
        }
    }

    /// <summary>Lets a test spend the whole budget: counting starts at zero and resumes where it was when the scope ends.</summary>
    public static IDisposable FreshBudgetForTests()
    {
        var saved = Interlocked.Exchange(ref s_peerBuilt, 0);
        return new BudgetScope(saved);
    }

    /// <summary>How many arrays and instantiations in <paramref name="shape"/> do not exist yet (as far as this process knows).</summary>
    private static int Missing(WireTypeShape shape, out Type? existing)
    {
        existing = null;
        switch (shape)
        {
            case WireTypeShape.Leaf leaf:
                existing = leaf.Type;
                return 0;
            case WireTypeShape.ArrayOf array:
                var missing = Missing(array.Element, out var element);
                if (element is not null && Known.TryGetValue(new Key(element, null), out existing))
                {
                    return missing;
                }

                return missing + 1;
            case WireTypeShape.Generic generic:
                var arguments = new Type[generic.Arguments.Count];
                var missingArguments = 0;
                for (var i = 0; i < arguments.Length; i++)
                {
                    missingArguments += Missing(generic.Arguments[i], out var argument);
                    arguments[i] = argument!;
                }

                if (missingArguments == 0 && Known.TryGetValue(new Key(generic.Definition, arguments), out existing))
                {
                    return 0;
                }

                return missingArguments + 1;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape));
        }
    }

    private static Type? Build(WireTypeShape shape, ref string? refusal)
    {
        switch (shape)
        {
            case WireTypeShape.Leaf leaf:
                return leaf.Type;
            case WireTypeShape.ArrayOf array:
                return Build(array.Element, ref refusal) is { } element
                    ? BuildOnce(new Key(element, null), static k => k.Head.MakeArrayType(), ref refusal)
                    : null;
            case WireTypeShape.Generic generic:
                var arguments = new Type[generic.Arguments.Count];
                for (var i = 0; i < arguments.Length; i++)
                {
                    if (Build(generic.Arguments[i], ref refusal) is not { } argument)
                    {
                        return null;
                    }

                    arguments[i] = argument;
                }

                return BuildOnce(new Key(generic.Definition, arguments), static k => k.Head.MakeGenericType(k.Arguments!), ref refusal);
            default:
                throw new ArgumentOutOfRangeException(nameof(shape));
        }
    }

    private static Type? BuildOnce(Key key, Func<Key, Type> build, ref string? refusal)
    {
        if (Known.TryGetValue(key, out var type))
        {
            return type;
        }

        try
        {
            type = build(key);
        }
        catch (Exception ex) when (ex is ArgumentException or TypeLoadException or NotSupportedException)
        {
            // Nothing was built: a constraint failed or the element cannot be in an array.
            refusal = $"{key.Head.Name} cannot be built with these type arguments";
            return null;
        }

        Known.TryAdd(key, type);
        Interlocked.Increment(ref s_peerBuilt);
        return type;
    }

    /// <summary>An array (no arguments: <see cref="Head"/> is the element type) or a generic instantiation of <see cref="Head"/>.</summary>
    private sealed class Key(Type head, Type[]? arguments) : IEquatable<Key>
    {
        public Type Head { get; } = head;

        public Type[]? Arguments { get; } = arguments;

        public bool Equals(Key? other) =>
            other is not null && Head == other.Head
            && (Arguments is null ? other.Arguments is null : other.Arguments is not null && Arguments.AsSpan().SequenceEqual(other.Arguments));

        public override bool Equals(object? obj) => Equals(obj as Key);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Head);
            hash.Add(Arguments is null);
            foreach (var argument in Arguments ?? [])
            {
                hash.Add(argument);
            }

            return hash.ToHashCode();
        }
    }

    private sealed class BudgetScope(int saved) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref s_peerBuilt, saved);
    }
}
