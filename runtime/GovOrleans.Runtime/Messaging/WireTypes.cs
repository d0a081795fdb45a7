using System.Collections.Concurrent;

namespace GovOrleans.Runtime.Messaging;

/// <summary>
/// Names runtime types on the wire when a value's type differs from what the method declares, and resolves such
/// names only to types that are assignable to the declared type, so a peer cannot make us build arbitrary objects.
/// </summary>
internal static class WireTypes
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();
    private static readonly ConcurrentDictionary<string, Type?> Resolved = new(StringComparer.Ordinal);

    /// <summary>Whether a value of <paramref name="declared"/> may have another runtime type.</summary>
    public static bool IsPolymorphic(Type declared) => !declared.IsValueType && !declared.IsSealed && !declared.IsArray;

    public static string NameOf(Type type) => Names.GetOrAdd(type, static t => $"{t.FullName}, {t.Assembly.GetName().Name}");

    public static Type Resolve(string name, Type declared)
    {
        var type = Resolved.GetOrAdd(name, static n =>
        {
            try
            {
                return Type.GetType(n, throwOnError: false);
            }
            catch (Exception ex) when (ex is ArgumentException or FileLoadException or BadImageFormatException or TypeLoadException)
            {
                return null;
            }
        });
        if (type is null || !declared.IsAssignableFrom(type) || type.IsAbstract || type.IsInterface
            || typeof(Delegate).IsAssignableFrom(type) || typeof(Type).IsAssignableFrom(type))
        {
            throw new InvalidOperationException($"The wire type '{name}' is unknown here or is not a {declared.Name}.");
        }

        return type;
    }
}
