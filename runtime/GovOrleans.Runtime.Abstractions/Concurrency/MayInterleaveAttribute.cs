namespace GovOrleans.Runtime.Abstractions.Concurrency;

/// <summary>
/// Names a <c>public static bool Method(IInvokable request)</c> on the grain class that decides, per
/// request, whether it may interleave. The predicate must be fast and pure: it runs on the scheduling path.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class MayInterleaveAttribute(string callbackMethodName) : Attribute
{
    /// <summary>The name of the static predicate.</summary>
    public string CallbackMethodName { get; } = callbackMethodName;
}
