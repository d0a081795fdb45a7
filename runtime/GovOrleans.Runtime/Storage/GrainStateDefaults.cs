namespace GovOrleans.Runtime.Storage;

/// <summary>
/// The state a grain sees when nothing is stored. Orleans allows any state type, so a type without a public
/// parameterless constructor gets <c>default</c> rather than a compile-time <c>new()</c> constraint.
/// </summary>
internal static class GrainStateDefaults
{
    public static T Create<T>() => Factory<T>.HasConstructor ? Activator.CreateInstance<T>() : default!;

    private static class Factory<T>
    {
        public static readonly bool HasConstructor =
            typeof(T).IsValueType || (!typeof(T).IsAbstract && typeof(T).GetConstructor(Type.EmptyTypes) is not null);
    }
}
