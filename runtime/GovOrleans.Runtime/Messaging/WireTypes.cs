using System.Collections.Concurrent;
using System.Reflection.Metadata;
using System.Runtime.CompilerServices;
using GovOrleans.Runtime.Caching;

namespace GovOrleans.Runtime.Messaging;

/// <summary>
/// Names runtime types on the wire when a value's type differs from what the method declares, and resolves the names a
/// peer sends. Anyone who reaches a silo or gateway port with the cluster id can send names, so resolution is
/// defensive: only assemblies already loaded are searched and forwarders are not followed (a name never loads an
/// assembly); a value may only have a type of <see cref="WireTypePolicy"/> that is assignable to the declared type, an
/// error only an exception type; an array or generic type is built only through <see cref="ConstructedTypes"/>, which
/// bounds how many a peer can cause; and only successful resolutions are cached, in bounded caches, so a refused name
/// costs a parse and a few dictionary lookups and leaves nothing behind.
/// </summary>
internal static class WireTypes
{
    /// <summary>Longer names are refused before they are parsed.</summary>
    public const int MaxNameLength = 2048;

    /// <summary>Resolved names kept per kind (values, exceptions).</summary>
    public const int CacheCapacity = 2048;

    private static readonly TypeNameParseOptions ParseOptions = new() { MaxNodes = 16 };
    private static readonly ConcurrentDictionary<Type, string> Names = new();
    private static readonly ClockCache<string, Type> Values = new(CacheCapacity, StringComparer.Ordinal);
    private static readonly ClockCache<string, Type> Exceptions = new(CacheCapacity, StringComparer.Ordinal);

    // Local runtime types already checked for sending; weak, so collectible types still unload.
    private static readonly ConditionalWeakTable<Type, Type> AllowedToSend = new();

    /// <summary>Value type names in the cache (for tests and diagnostics).</summary>
    public static int CachedValues => Values.Count;

    /// <summary>Exception type names in the cache (for tests and diagnostics).</summary>
    public static int CachedExceptions => Exceptions.Count;

    /// <summary>Whether a value of <paramref name="declared"/> may have another runtime type.</summary>
    public static bool IsPolymorphic(Type declared) => !declared.IsValueType && !declared.IsSealed && !declared.IsArray;

    public static string NameOf(Type type) => Names.GetOrAdd(type, static t => $"{t.FullName}, {t.Assembly.GetName().Name}");

    /// <summary>The type a peer named for a value declared as <paramref name="declared"/>.</summary>
    /// <exception cref="InvalidOperationException">The name is refused; the message says why.</exception>
    public static Type Resolve(string name, Type declared)
    {
        if (!Values.TryGet(name, out var type))
        {
            var shape = Bind(name, exception: false);

            // Before anything is built: a name that cannot be the declared type never draws on the build budget.
            if (shape.CanBe(declared) == false)
            {
                throw NotA(name, declared);
            }

            type = shape.Is(declared) ? declared : Build(name, shape);
            Values.Set(name, type);
        }

        return declared.IsAssignableFrom(type) ? type : throw NotA(name, declared);
    }

    /// <summary>The exception type a peer named for an error.</summary>
    /// <exception cref="InvalidOperationException">The name is refused; the message says why.</exception>
    public static Type ResolveException(string name)
    {
        if (!Exceptions.TryGet(name, out var type))
        {
            type = Build(name, Bind(name, exception: true));
            if (!WireTypePolicy.IsException(type))
            {
                throw Refused(name, "it is not an exception type");
            }

            Exceptions.Set(name, type);
        }

        return type;
    }

    /// <summary>Throws when a value of <paramref name="runtime"/> may not cross silos as a <paramref name="declared"/>: better here than refused by the peer.</summary>
    public static void EnsureAllowed(Type runtime, Type declared)
    {
        if (AllowedToSend.TryGetValue(runtime, out _))
        {
            return;
        }

        if (WireTypePolicy.IsAllowed(runtime))
        {
            // A type this process sends is one it uses: a peer naming it back costs no build budget.
            ConstructedTypes.Remember(runtime);
            AllowedToSend.TryAdd(runtime, runtime);
        }
        else
        {
            throw new NotSupportedException(
                $"A {runtime.FullName} cannot cross silos where {declared.Name} is declared. A value whose type differs from the declared type may be one of: {WireTypePolicy.Description}.");
        }
    }

    private static WireTypeShape Bind(string name, bool exception)
    {
        if (name.Length > MaxNameLength)
        {
            throw Refused(name, $"the name is longer than {MaxNameLength} characters");
        }

        if (!TypeName.TryParse(name, out var parsed, ParseOptions))
        {
            throw Refused(name, "it is not a valid type name (or nests too deeply)");
        }

        string? refusal = null;
        var shape = exception ? BindException(parsed, ref refusal) : BindValue(parsed, 0, ref refusal);
        return shape ?? throw Refused(name, refusal ?? "it is not allowed");
    }

    private static Type Build(string name, WireTypeShape shape) =>
        ConstructedTypes.Get(shape, out var refusal) ?? throw Refused(name, refusal ?? "it cannot be built");

    private static WireTypeShape? BindValue(TypeName name, int depth, ref string? refusal)
    {
        if (depth > WireTypePolicy.MaxNesting)
        {
            refusal = $"it nests more than {WireTypePolicy.MaxNesting} levels";
            return null;
        }

        if (name.IsArray)
        {
            if (!name.IsSZArray)
            {
                refusal = "only one-dimensional arrays cross silos";
                return null;
            }

            return BindValue(name.GetElementType(), depth + 1, ref refusal) is { } element ? new WireTypeShape.ArrayOf(element) : null;
        }

        if (name.IsPointer || name.IsByRef)
        {
            refusal = "pointers and references do not cross silos";
            return null;
        }

        if (name.IsConstructedGenericType)
        {
            return BindGeneric(name, depth, WireTypePolicy.IsAllowedGenericDefinition, ref refusal);
        }

        var type = Find(name, ref refusal);
        if (type is not null && (type.IsGenericTypeDefinition || !WireTypePolicy.IsAllowedLeaf(type)))
        {
            refusal = $"only these may cross silos in place of a declared type: {WireTypePolicy.Description}";
            return null;
        }

        return type is null ? null : new WireTypeShape.Leaf(type);
    }

    private static WireTypeShape? BindException(TypeName name, ref string? refusal)
    {
        if (name.IsConstructedGenericType)
        {
            return BindGeneric(name, 0, static d => typeof(Exception).IsAssignableFrom(d) && !d.IsAbstract, ref refusal);
        }

        var type = name.IsArray || name.IsPointer || name.IsByRef ? null : Find(name, ref refusal);
        if (type is not null && !WireTypePolicy.IsException(type))
        {
            refusal = "it is not an exception type";
            return null;
        }

        return type is null ? null : new WireTypeShape.Leaf(type);
    }

    private static WireTypeShape? BindGeneric(TypeName name, int depth, Func<Type, bool> definitionAllowed, ref string? refusal)
    {
        var definition = Find(name.GetGenericTypeDefinition(), ref refusal);
        if (definition is null)
        {
            return null;
        }

        var arguments = name.GetGenericArguments();
        if (!definition.IsGenericTypeDefinition || !definitionAllowed(definition) || arguments.Length != definition.GetGenericArguments().Length)
        {
            refusal = $"{definition.Name} may not cross silos with these type arguments";
            return null;
        }

        var bound = new WireTypeShape[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            if (BindValue(arguments[i], depth + 1, ref refusal) is not { } argument)
            {
                return null;
            }

            bound[i] = argument;
        }

        return new WireTypeShape.Generic(definition, bound);
    }

    private static Type? Find(TypeName name, ref string? refusal)
    {
        var type = LoadedAssemblies.FindType(name.AssemblyName?.Name, name.FullName, out var reason);
        refusal = reason;
        return type;
    }

    private static InvalidOperationException NotA(string name, Type declared) => Refused(name, $"it is not a {declared.Name}");

    private static InvalidOperationException Refused(string name, string reason) =>
        new($"The wire type '{(name.Length > 200 ? name[..200] + "…" : name)}' is refused here: {reason}.");
}
