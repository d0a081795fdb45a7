namespace GovOrleans.Runtime.Abstractions;

/// <summary>
/// The activation whose grain instance is being constructed on this thread. The runtime sets it around the
/// constructor call so that <see cref="Grain"/>'s parameterless constructor can bind itself to its activation,
/// which lets grain classes use primary constructors for their own dependencies only.
/// </summary>
public static class RuntimeContext
{
    [ThreadStatic]
    private static IGrainContext? s_constructing;

    /// <summary>The activation under construction on this thread, if any.</summary>
    public static IGrainContext? Constructing => s_constructing;

    internal static IGrainContext? Exchange(IGrainContext? context)
    {
        var previous = s_constructing;
        s_constructing = context;
        return previous;
    }

    /// <summary>Runs <paramref name="factory"/> with <paramref name="context"/> as the constructing activation.</summary>
    public static T Construct<T>(IGrainContext context, Func<T> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var previous = Exchange(context);
        try
        {
            return factory();
        }
        finally
        {
            Exchange(previous);
        }
    }
}
