using System.Reflection;

namespace GovOrleans.Runtime.Messaging;

/// <summary>
/// The concrete types a value may have on the wire when it differs from the declared type (an argument or result
/// declared <see cref="object"/>, an interface, an abstract or another non-sealed class): primitives, string, decimal,
/// DateTime, DateTimeOffset, Guid, TimeSpan, <see cref="DayOfWeek"/>, one-dimensional arrays, <see cref="List{T}"/> and
/// <see cref="Dictionary{TKey, TValue}"/> of allowed types, and concrete types (enums included) of the application's own
/// assemblies (those that reference the abstractions). Framework types with behaviour (Process, FileInfo, streams, Type,
/// Assembly, delegates) are refused: deserializing a type runs its constructors and setters, and the peer chooses the
/// type. So are the framework's enums: harmless as values, but each one a peer may name as a generic argument multiplies
/// the instantiations it can make this process build (see <see cref="ConstructedTypes"/>).
/// </summary>
internal static class WireTypePolicy
{
    /// <summary>How deeply arrays and generic arguments may nest (<c>Dictionary&lt;string, List&lt;int&gt;&gt;</c> is 2).</summary>
    public const int MaxNesting = 4;

    public const string Description =
        "primitives, string, decimal, DateTime, DateTimeOffset, Guid, TimeSpan, DayOfWeek, arrays, List and Dictionary of those, "
        + "and concrete types (enums included) of assemblies that reference GovOrleans.Runtime.Abstractions";

    private static readonly HashSet<Type> Scalars =
        [typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(Guid), typeof(TimeSpan), typeof(DayOfWeek)];

    /// <summary>Whether a value of this runtime type may cross silos in place of its declared type.</summary>
    public static bool IsAllowed(Type type, int depth = 0)
    {
        if (depth > MaxNesting)
        {
            return false;
        }

        if (type.IsSZArray)
        {
            return IsAllowed(type.GetElementType()!, depth + 1);
        }

        if (type.IsArray || type.IsPointer || type.IsByRef || type.ContainsGenericParameters)
        {
            return false;
        }

        if (type.IsConstructedGenericType)
        {
            if (!IsAllowedGenericDefinition(type.GetGenericTypeDefinition()))
            {
                return false;
            }

            foreach (var argument in type.GenericTypeArguments)
            {
                if (!IsAllowed(argument, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        return IsAllowedLeaf(type);
    }

    /// <summary>A non-generic type (or the element of an array, or a generic argument) that may cross silos.</summary>
    public static bool IsAllowedLeaf(Type type) =>
        (type.IsPrimitive && type != typeof(nint) && type != typeof(nuint))
        || Scalars.Contains(type)
        || (IsApplicationType(type) && !type.IsGenericTypeDefinition);

    /// <summary>A generic type definition whose instances may cross silos when their arguments may.</summary>
    public static bool IsAllowedGenericDefinition(Type definition) =>
        definition == typeof(List<>) || definition == typeof(Dictionary<,>) || definition == typeof(Nullable<>)
        || (definition.IsGenericTypeDefinition && IsApplicationType(definition));

    /// <summary>Whether <paramref name="type"/> may be rebuilt from a peer's error as the exception it names.</summary>
    public static bool IsException(Type type) =>
        typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract && !type.ContainsGenericParameters;

    private static bool IsApplicationType(Type type) =>
        !type.IsAbstract && !type.IsInterface
        && !typeof(Delegate).IsAssignableFrom(type) && !typeof(MemberInfo).IsAssignableFrom(type) && !typeof(Assembly).IsAssignableFrom(type)
        && LoadedAssemblies.IsApplication(type.Assembly);
}
